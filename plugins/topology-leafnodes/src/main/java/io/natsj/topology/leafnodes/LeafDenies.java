package io.natsj.topology.leafnodes;

import io.natsj.spi.service.JetStreamPresence;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The subjects one leaf connection keeps on its own side, as nats-server 2.9.10 decides when a
 * leaf connection is registered (its {@code addLeafNodeConnection}): every account but the
 * system account denies {@code $JS.API.>}, {@code $KV.>} and {@code $OBJ.>} both ways, so each
 * side's JetStream answers its own clients and the other's is reached through its domain
 * ({@code $JS.<domain>.API.>}, which crosses); the system account denies JetStream's internal
 * subjects too ({@code $JSC.>}, {@code $NRG.>}) unless both sides share a domain (nats-server's
 * extended JetStream); and when the domains differ, this server's own domain API is not sent
 * out (a hub and a leaf named alike would answer each other's requests).
 *
 * <p>"Both ways" is nats-server's {@code both}: this side sends no LS+ for a denied
 * subscription, ignores the other's LS+ of a denied literal subject, and forwards no message
 * whose subject a deny matches ({@link #refusesMessage}, on the publisher's thread, allocating
 * nothing).
 */
final class LeafDenies {

    /** nats-server's denyAllClientJs. */
    static final List<String> CLIENT_JS = List.of("$JS.API.>", "$KV.>", "$OBJ.>");
    /** nats-server's denyAllJs. */
    static final List<String> ALL_JS = List.of("$JSC.>", "$NRG.>", "$JS.API.>", "$KV.>", "$OBJ.>");

    static final LeafDenies NONE = new LeafDenies(List.of(), List.of());

    private final List<String> both;
    private final byte[][] both8;
    private final byte[][] out8;

    private LeafDenies(List<String> both, List<String> outOnly) {
        this.both = both;
        this.both8 = utf8(both);
        List<String> out = new ArrayList<>(both);
        out.addAll(outOnly);
        this.out8 = utf8(out);
    }

    /**
     * @param js this server's JetStream
     * @param systemAccount the system account's name, or null
     * @param account the account the connection is bound to
     * @param remoteDomain the other side's JetStream domain (INFO or CONNECT {@code domain}), "" for none
     * @return the connection's denies
     */
    static LeafDenies of(JetStreamPresence js, String systemAccount, String account, String remoteDomain) {
        boolean system = account.equals(systemAccount);
        String domain = js.domain();
        // nats-server extends a JetStream over the connection only when the domains agree and the
        // system account is there; anything else counts as a mismatch.
        boolean notExtended = !domain.equals(remoteDomain) || (!js.enabled() && domain.isEmpty())
                || systemAccount == null;
        List<String> both;
        if (notExtended) {
            both = system ? ALL_JS : CLIENT_JS;
        } else {
            both = system ? List.of() : CLIENT_JS;
        }
        List<String> outOnly = notExtended && js.enabled() && !domain.isEmpty() && !system
                ? List.of("$JS." + domain + ".API.>") : List.of();
        return new LeafDenies(both, outOnly);
    }

    /** @return the subjects denied both ways, for logs */
    List<String> both() {
        return both;
    }

    /**
     * @param subject a subscription's subject
     * @return true when the subscription is not told to the other side (nats-server's
     *         {@code canSubscribe}: a deny that matches it, wildcards taken as tokens)
     */
    boolean refusesInterest(String subject) {
        if (both8.length == 0) {
            return false;
        }
        byte[] s = subject.getBytes(StandardCharsets.UTF_8);
        for (byte[] deny : both8) {
            if (matches(deny, s, 0, s.length)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param buf the buffer holding the subject
     * @param offset where the subject starts
     * @param length its length
     * @return true when the message must not go out on this connection
     */
    boolean refusesMessage(ByteBuf buf, int offset, int length) {
        for (byte[] deny : out8) {
            if (matches(deny, buf, offset, length)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(byte[] pattern, byte[] s, int offset, int length) {
        return matches(pattern, null, s, offset, length);
    }

    private static boolean matches(byte[] pattern, ByteBuf buf, int offset, int length) {
        return matches(pattern, buf, null, offset, length);
    }

    /** A subject against a pattern of literal tokens, {@code *} and a final {@code >}. */
    private static boolean matches(byte[] pattern, ByteBuf buf, byte[] arr, int offset, int length) {
        int p = 0;
        int i = 0;
        while (p < pattern.length) {
            if (i > length) {
                return false;
            }
            byte pc = pattern[p];
            boolean tokenStart = p == 0 || pattern[p - 1] == '.';
            if (tokenStart && pc == '>' && p == pattern.length - 1) {
                return i < length; // '>' needs at least one more token
            }
            if (tokenStart && pc == '*' && (p == pattern.length - 1 || pattern[p + 1] == '.')) {
                if (i >= length) {
                    return false;
                }
                while (i < length && at(buf, arr, offset + i) != '.') {
                    i++;
                }
                p++;
                continue;
            }
            if (i >= length || at(buf, arr, offset + i) != pc) {
                return false;
            }
            p++;
            i++;
        }
        return i == length;
    }

    private static byte at(ByteBuf buf, byte[] arr, int index) {
        return buf != null ? buf.getByte(index) : arr[index];
    }

    private static byte[][] utf8(List<String> subjects) {
        byte[][] out = new byte[subjects.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = subjects.get(i).getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }
}
