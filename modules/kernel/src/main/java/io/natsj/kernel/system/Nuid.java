package io.natsj.kernel.system;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Event ids in the shape of nats-server's NUIDs: 22 base-62 characters. Unique enough for
 * advisories, which is all they are used for.
 */
public final class Nuid {

    private static final char[] DIGITS =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final int LENGTH = 22;

    private Nuid() {
    }

    /** @return a new id */
    public static String next() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        char[] c = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            c[i] = DIGITS[r.nextInt(DIGITS.length)];
        }
        return new String(c);
    }
}
