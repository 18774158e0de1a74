package io.natsj.spi.topology.wire;

import io.natsj.spi.topology.MessageSlice;
import io.natsj.spi.topology.MessageView;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * nats-server's routed replies across a super-cluster: a reply subject sent over a gateway may
 * be mapped to {@code _GR_.<cluster hash>.<server hash>.<reply>}, so that the answer goes
 * straight back to the cluster, and there to the server, the request came from, whatever the
 * interest known at that moment. The hashes are 6 characters of base 62 taken from the SHA-256
 * of the gateway name and of the server id.
 */
public final class GatewayReply {

    /** The prefix of a routed reply. */
    public static final String PREFIX = "_GR_.";
    /** The length of each hash. */
    public static final int HASH_LENGTH = 6;
    /** Where the cluster hash starts. */
    public static final int CLUSTER_OFFSET = PREFIX.length();
    /** Where the server hash starts. */
    public static final int SERVER_OFFSET = CLUSTER_OFFSET + HASH_LENGTH + 1;
    /** Where the reply subject proper starts. */
    public static final int SUBJECT_OFFSET = SERVER_OFFSET + HASH_LENGTH + 1;

    private static final String DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private GatewayReply() {
    }

    /**
     * @param name a gateway name or a server id
     * @return its 6-character hash, as nats-server computes it
     */
    public static String hash(String name) {
        byte[] sha;
        try {
            sha = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        char[] out = new char[HASH_LENGTH];
        for (int i = 0; i < HASH_LENGTH; i++) {
            out[i] = DIGITS.charAt((sha[i] & 0xff) % DIGITS.length());
        }
        return new String(out);
    }

    /**
     * @param m a message
     * @return true when its subject is a routed reply
     */
    public static boolean is(MessageView m) {
        if (m.subjectLength() <= SUBJECT_OFFSET) {
            return false;
        }
        int at = m.subjectOffset();
        for (int i = 0; i < PREFIX.length(); i++) {
            if (m.buffer().getByte(at + i) != PREFIX.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param m a message whose subject is a routed reply ({@link #is})
     * @param hash a cluster hash
     * @return true when the reply is for the cluster of that hash
     */
    public static boolean isForCluster(MessageView m, byte[] hash) {
        int at = m.subjectOffset() + CLUSTER_OFFSET;
        for (int i = 0; i < HASH_LENGTH; i++) {
            if (m.buffer().getByte(at + i) != hash[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Points the message's subject at the reply subject proper.
     *
     * @param m a message whose subject is a routed reply ({@link #is})
     */
    public static void strip(MessageSlice m) {
        m.set(m.buffer(), m.subjectOffset() + SUBJECT_OFFSET, m.subjectLength() - SUBJECT_OFFSET, m.replyOffset(),
                m.replyLength(), m.headerLength(), m.bodyOffset(), m.bodyLength());
    }
}
