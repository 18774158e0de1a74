package io.natsj.kernel.client;

import io.natsj.spi.topology.QueueNames;
import java.util.Arrays;

/**
 * The peers one message goes to, gathered while its matches are walked: each peer once,
 * with the queue groups a member of which was picked on that peer. One instance per
 * publisher, reused for every message, so that forwarding allocates nothing.
 */
public final class RouteTargets {

    private RemotePeer[] peers = new RemotePeer[4];
    private Queues[] queues = new Queues[4];
    private int size;

    /**
     * @param peer a peer with a matching plain subscription
     */
    void add(RemotePeer peer) {
        slot(peer);
    }

    /**
     * @param peer a peer on which a queue group's member was picked
     * @param queue the queue group's name
     */
    void addQueue(RemotePeer peer, byte[] queue) {
        queues[slot(peer)].add(queue);
    }

    private int slot(RemotePeer peer) {
        for (int i = 0; i < size; i++) {
            if (peers[i] == peer) {
                return i;
            }
        }
        if (size == peers.length) {
            peers = Arrays.copyOf(peers, size * 2);
            queues = Arrays.copyOf(queues, size * 2);
        }
        if (queues[size] == null) {
            queues[size] = new Queues();
        }
        peers[size] = peer;
        return size++;
    }

    /** @return true when the message goes to no peer */
    boolean isEmpty() {
        return size == 0;
    }

    /**
     * Forwards the message to every gathered peer and starts over.
     *
     * @param m the message
     * @param account the account's name as bytes
     * @param flushes the publisher's flush set
     */
    void forwardAll(InboundMessage m, byte[] account, FlushSet flushes) {
        for (int i = 0; i < size; i++) {
            peers[i].forward(m, account, queues[i], flushes);
            peers[i] = null;
            queues[i].clear();
        }
        size = 0;
    }

    /** The queue names picked on one peer. */
    private static final class Queues implements QueueNames {
        private byte[][] names = new byte[4][];
        private int count;

        void add(byte[] name) {
            if (count == names.length) {
                names = Arrays.copyOf(names, count * 2);
            }
            names[count++] = name;
        }

        void clear() {
            Arrays.fill(names, 0, count, null);
            count = 0;
        }

        @Override
        public int size() {
            return count;
        }

        @Override
        public byte[] get(int i) {
            return names[i];
        }
    }
}
