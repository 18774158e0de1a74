package io.natsj.topology.gateways;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Predicate;

/**
 * The subjects another cluster said it has no interest in (RS- in optimistic mode), looked up
 * by publishers for every message sent optimistically: an open-addressing table of subject
 * bytes, read without a lock or an allocation from any thread, written by the outbound
 * connection's event loop alone. A reader racing a write sees the subject or does not, as a
 * message crossing the RS- on the wire would.
 */
final class NoInterestSubjects {

    private static final byte[] REMOVED = new byte[0];

    private volatile AtomicReferenceArray<byte[]> table = new AtomicReferenceArray<>(16);
    private int size;
    private int used;

    /**
     * @param buf the buffer holding the subject
     * @param at where it starts
     * @param length its length
     * @return true when the subject is in the set
     */
    boolean contains(ByteBuf buf, int at, int length) {
        AtomicReferenceArray<byte[]> t = table;
        int mask = t.length() - 1;
        for (int i = hash(buf, at, length) & mask; ; i = (i + 1) & mask) {
            byte[] s = t.get(i);
            if (s == null) {
                return false;
            }
            if (s.length == length && s != REMOVED && same(s, buf, at)) {
                return true;
            }
        }
    }

    /** @return true when added (the event loop only) */
    boolean add(String subject) {
        byte[] s = subject.getBytes(StandardCharsets.UTF_8);
        if (indexOf(table, s) >= 0) {
            return false;
        }
        if ((used + 1) * 2 > table.length()) {
            rebuild(Math.max(16, Integer.highestOneBit(Math.max(1, size + 1) * 4)));
        }
        AtomicReferenceArray<byte[]> t = table;
        int mask = t.length() - 1;
        for (int i = hash(s) & mask; ; i = (i + 1) & mask) {
            if (t.get(i) == null) {
                t.set(i, s);
                size++;
                used++;
                return true;
            }
        }
    }

    /** @return true when the subject was there (the event loop only) */
    boolean remove(String subject) {
        int i = indexOf(table, subject.getBytes(StandardCharsets.UTF_8));
        if (i < 0) {
            return false;
        }
        table.set(i, REMOVED);
        size--;
        return true;
    }

    /** Removes every subject the test picks (an RS+ with a wildcard); the event loop only. */
    void removeIf(Predicate<String> test) {
        AtomicReferenceArray<byte[]> t = table;
        for (int i = 0; i < t.length(); i++) {
            byte[] s = t.get(i);
            if (s != null && s != REMOVED && test.test(new String(s, StandardCharsets.UTF_8))) {
                t.set(i, REMOVED);
                size--;
            }
        }
    }

    /** @return the subjects, for tests and monitoring */
    List<String> subjects() {
        List<String> all = new ArrayList<>();
        AtomicReferenceArray<byte[]> t = table;
        for (int i = 0; i < t.length(); i++) {
            byte[] s = t.get(i);
            if (s != null && s != REMOVED) {
                all.add(new String(s, StandardCharsets.UTF_8));
            }
        }
        return all;
    }

    int size() {
        return size;
    }

    private void rebuild(int capacity) {
        AtomicReferenceArray<byte[]> old = table;
        AtomicReferenceArray<byte[]> t = new AtomicReferenceArray<>(capacity);
        int mask = capacity - 1;
        for (int j = 0; j < old.length(); j++) {
            byte[] s = old.get(j);
            if (s != null && s != REMOVED) {
                int i = hash(s) & mask;
                while (t.get(i) != null) {
                    i = (i + 1) & mask;
                }
                t.set(i, s);
            }
        }
        used = size;
        table = t;
    }

    private static int indexOf(AtomicReferenceArray<byte[]> t, byte[] s) {
        int mask = t.length() - 1;
        for (int i = hash(s) & mask; ; i = (i + 1) & mask) {
            byte[] e = t.get(i);
            if (e == null) {
                return -1;
            }
            if (e != REMOVED && java.util.Arrays.equals(e, s)) {
                return i;
            }
        }
    }

    private static boolean same(byte[] s, ByteBuf buf, int at) {
        for (int i = 0; i < s.length; i++) {
            if (s[i] != buf.getByte(at + i)) {
                return false;
            }
        }
        return true;
    }

    private static int hash(ByteBuf buf, int at, int length) {
        int h = 0x811c9dc5;
        for (int i = 0; i < length; i++) {
            h = (h ^ buf.getByte(at + i)) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }

    private static int hash(byte[] s) {
        int h = 0x811c9dc5;
        for (byte b : s) {
            h = (h ^ b) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }
}
