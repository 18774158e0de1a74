package io.natsj.kernel.imports;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * nats-server's {@code getHash} of a server name: the first 8 bytes of its SHA-256, each mapped
 * onto a base-62 digit. Tracked service replies carry it so a responder's server knows where
 * to send its latency half.
 */
final class SystemHash {

    private static final String DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private SystemHash() {
    }

    static String of(String serverName) {
        byte[] sha;
        try {
            sha = MessageDigest.getInstance("SHA-256").digest(serverName.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        char[] out = new char[8];
        for (int i = 0; i < out.length; i++) {
            out[i] = DIGITS.charAt((sha[i] & 0xff) % DIGITS.length());
        }
        return new String(out);
    }
}
