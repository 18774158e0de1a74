package io.natsj.kernel.client;

import java.util.Arrays;

/**
 * The connections one publisher wrote into during its current read batch. At the end of the
 * batch each is flushed once, as nats-server's read loop flushes its pending set, instead of
 * once per message. Used only on the publisher's event loop.
 */
public final class FlushSet {

    private static long nextOwner = 1;

    private final long owner;
    private long batch;
    private Outbound[] members = new Outbound[8];
    private int size;

    /** Creates the set of one publishing connection. */
    public FlushSet() {
        synchronized (FlushSet.class) {
            owner = nextOwner++;
        }
        batch = owner << 32;
    }

    /**
     * @param out a connection written into; added once per batch
     */
    public void add(Outbound out) {
        if (out.flushToken == batch) {
            return;
        }
        out.flushToken = batch;
        if (size == members.length) {
            members = Arrays.copyOf(members, size * 2);
        }
        members[size++] = out;
    }

    /** Flushes every member once and starts a new batch. */
    public void flushAll() {
        for (int i = 0; i < size; i++) {
            members[i].flush();
            members[i] = null;
        }
        size = 0;
        batch++;
    }
}
