package io.natsj.spi.topology;

/**
 * An account of the local server, looked up once by name so that messages from a peer can
 * name it without a lookup each. Opaque to plugins.
 */
public interface AccountRef {

    /** @return the account's name */
    String name();

    /** @return the name as UTF-8 bytes (not to be modified), for comparing with the wire */
    byte[] nameBytes();

    /**
     * Counts a leaf node connection bound to the account in, unless the account is at its
     * limit of leaf connections: those of this server and those its cluster peers report (as
     * nats-server counts them, from the peers' account connection events). When a peer's
     * report later shows the account over its limit, the newest leaves here are evicted.
     *
     * @param max the account's limit (an account JWT's {@code leaf}), negative for none
     * @param evict called, on any thread, when this leaf is one too many; it should close the
     *        connection with nats-server's {@code maximum account active connections exceeded}
     * @return the seat to give up when the connection closes, or null when the account is at
     *         its limit and the leaf must be refused
     */
    default LeafSeat admitLeaf(long max, Runnable evict) {
        return () -> { };
    }

    /** A leaf node connection's place in its account's count; given up once, on close. */
    @FunctionalInterface
    interface LeafSeat {

        /** Counts the leaf connection out of its account. */
        void release();
    }
}
