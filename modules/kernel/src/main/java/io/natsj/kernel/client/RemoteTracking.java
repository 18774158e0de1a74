package io.natsj.kernel.client;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The responder's side of service latency across servers (nats-server 2.9.10's
 * {@code rrTracking}): a request that came from a peer with a tracked reply
 * ({@code _R_.….<server hash>.T}) is remembered when delivered to this client; when the client
 * publishes to that reply, the requestor's server is sent this side's measurement. One per
 * connection that ever received such a request; entries older than the export's response
 * threshold are dropped as new ones come.
 */
final class RemoteTracking {

    /**
     * @param account the exporting account's name
     * @param startNanos {@link System#nanoTime()} at delivery
     * @param startEpochNanos the wall clock at delivery
     * @param deadlineNanos when the entry is dropped unanswered
     */
    record Request(String account, long startNanos, long startEpochNanos, long deadlineNanos) {
    }

    private final Map<String, Request> requests = new ConcurrentHashMap<>();

    /** @return true when the message's reply has nats-server's tracking suffix {@code .T} */
    static boolean isTrackedReply(InboundMessage m) {
        int len = m.replyLength();
        // nats-server's minReplyLen: shorter replies are not its service replies.
        if (len <= 15) {
            return false;
        }
        int end = m.replyOffset() + len;
        return m.buffer().getByte(end - 1) == 'T' && m.buffer().getByte(end - 2) == '.';
    }

    void add(String reply, String account, long thresholdNanos) {
        long now = System.nanoTime();
        requests.values().removeIf(r -> now - r.deadlineNanos() > 0);
        java.time.Instant wall = java.time.Instant.now();
        requests.put(reply, new Request(account, now, wall.getEpochSecond() * 1_000_000_000L + wall.getNano(),
                now + thresholdNanos));
    }

    boolean isEmpty() {
        return requests.isEmpty();
    }

    Request take(String subject) {
        return requests.remove(subject);
    }
}
