package io.natsj.spi.topology.wire;

import io.natsj.spi.topology.QueueNames;
import io.netty.buffer.ByteBuf;

/**
 * The queue list of one received RMSG/HMSG. Names are taken from a small per-connection
 * cache of recently seen queue names, compared byte by byte with the wire, so a steady
 * stream of queue messages allocates nothing; a new name costs one array.
 */
public final class WireQueueNames implements QueueNames {

    private static final int CACHE_SIZE = 32;

    private final byte[][] cache = new byte[CACHE_SIZE][];
    private int nextSlot;
    private byte[][] names = new byte[4][];
    private int size;

    /** Empties the list. */
    public void clear() {
        size = 0;
    }

    /**
     * Appends the name lying at {@code buf[at, at+length)}.
     *
     * @param buf the read buffer
     * @param at where the name starts
     * @param length its length
     */
    public void add(ByteBuf buf, int at, int length) {
        if (size == names.length) {
            names = java.util.Arrays.copyOf(names, size * 2);
        }
        names[size++] = intern(buf, at, length);
    }

    private byte[] intern(ByteBuf buf, int at, int length) {
        for (byte[] candidate : cache) {
            if (candidate != null && equal(candidate, buf, at, length)) {
                return candidate;
            }
        }
        byte[] name = new byte[length];
        buf.getBytes(at, name);
        cache[nextSlot] = name;
        nextSlot = (nextSlot + 1) % CACHE_SIZE;
        return name;
    }

    private static boolean equal(byte[] a, ByteBuf buf, int at, int length) {
        if (a.length != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (a[i] != buf.getByte(at + i)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public byte[] get(int i) {
        if (i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        return names[i];
    }
}
