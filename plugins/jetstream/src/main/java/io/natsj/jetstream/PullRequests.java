package io.natsj.jetstream;

import io.natsj.spi.service.InternalConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The pull requests waiting on one consumer, in arrival order, as nats-server's waitQueue:
 * a request that still wants messages after one is delivered goes to the back, so batches
 * share the stream fairly. Expired requests and those whose requester went away are answered
 * (408) and dropped. Used only on the stream's executor.
 */
final class PullRequests {

    /** One request: what it still wants and where its messages go. */
    static final class Request {
        final String reply;
        /** Messages still wanted. */
        int n;
        /** Messages delivered. */
        int delivered;
        /** Bytes still allowed, 0 when the request set no max_bytes. */
        long bytes;
        /** Deadline on the {@link System#nanoTime()} clock, 0 for none. */
        final long expires;
        final boolean noWait;
        final long heartbeatNanos;
        long nextHeartbeat;

        Request(String reply, int n, long bytes, long expires, boolean noWait, long heartbeatNanos) {
            this.reply = reply;
            this.n = n;
            this.bytes = bytes;
            this.expires = expires;
            this.noWait = noWait;
            this.heartbeatNanos = heartbeatNanos;
            this.nextHeartbeat = heartbeatNanos > 0 ? System.nanoTime() + heartbeatNanos : 0;
        }
    }

    private final ArrayDeque<Request> queue = new ArrayDeque<>();
    private final int max;

    PullRequests(int max) {
        this.max = max;
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    int size() {
        return queue.size();
    }

    boolean isFull() {
        return queue.size() >= max;
    }

    /** @return false when the queue is full */
    boolean add(Request r) {
        if (isFull()) {
            return false;
        }
        queue.addLast(r);
        return true;
    }

    /** Every waiting request is answered and dropped (consumer deleted); nats-server sends nothing. */
    void clear() {
        queue.clear();
    }

    /**
     * The request the next message of {@code size} bytes goes to, counted as taking it;
     * requests it cannot go to are answered and dropped on the way (nats-server's nextWaiting).
     *
     * @return the request, or null when none can take it
     */
    Request next(long size, long now, InternalConnection conn) {
        while (!queue.isEmpty()) {
            Request r = queue.peekFirst();
            if (r.bytes > 0) {
                if (size <= r.bytes) {
                    r.bytes -= size;
                    if (r.bytes == 0) {
                        r.n = 1;
                    }
                } else {
                    status(conn, r.reply, "409 Message Size Exceeds MaxBytes", r);
                    queue.pollFirst();
                    continue;
                }
            }
            if ((r.expires == 0 || now < r.expires) && conn.hasLocalInterest(r.reply)) {
                r.delivered++;
                r.n--;
                if (r.n > 0 && queue.size() > 1) {
                    queue.pollFirst();
                    queue.addLast(r);
                } else if (r.n <= 0) {
                    queue.pollFirst();
                }
                return r;
            }
            queue.pollFirst();
        }
        return null;
    }

    /**
     * nats-server's processWaiting: answers expired requests (and, at the end of the stream,
     * no-wait requests that got something) with 408, drops those nobody listens to any more,
     * sends due heartbeats.
     *
     * @param endOfStream true when there is nothing more to deliver now
     * @param consumerSeq the last delivered consumer sequence, for heartbeats
     * @param streamSeq the last delivered stream sequence, for heartbeats
     * @return {messages the remaining requests want, the earliest deadline or heartbeat (0 for none)}
     */
    long[] expire(boolean endOfStream, long now, InternalConnection conn, long consumerSeq, long streamSeq) {
        long wanted = 0;
        long next = 0;
        for (Iterator<Request> it = queue.iterator(); it.hasNext(); ) {
            Request r = it.next();
            if ((endOfStream && r.noWait && r.delivered > 0) || (r.expires != 0 && now - r.expires > 0)) {
                status(conn, r.reply, "408 Request Timeout", r);
                it.remove();
                continue;
            }
            if (!conn.hasLocalInterest(r.reply)) {
                it.remove();
                continue;
            }
            wanted += r.n;
            if (r.heartbeatNanos > 0) {
                if (now - r.nextHeartbeat >= 0) {
                    String h = "NATS/1.0 100 Idle Heartbeat\r\nNats-Last-Consumer: " + consumerSeq
                            + "\r\nNats-Last-Stream: " + streamSeq + "\r\n\r\n";
                    conn.publish(r.reply, "", h.getBytes(StandardCharsets.US_ASCII), new byte[0]);
                    r.nextHeartbeat = now + r.heartbeatNanos;
                }
                next = earliest(next, r.nextHeartbeat);
            }
            if (r.expires != 0) {
                next = earliest(next, r.expires);
            }
        }
        return new long[] {wanted, next};
    }

    private static long earliest(long a, long b) {
        return a == 0 || b - a < 0 ? b : a;
    }

    /** Sends a status with the request's remaining messages and bytes, as nats-server does. */
    static void status(InternalConnection conn, String reply, String status, Request r) {
        String h = "NATS/1.0 " + status + "\r\nNats-Pending-Messages: " + r.n + "\r\nNats-Pending-Bytes: " + r.bytes
                + "\r\n\r\n";
        conn.publish(reply, "", h.getBytes(StandardCharsets.US_ASCII), new byte[0]);
    }

    /** Sends a bare status ({@code NATS/1.0 404 No Messages}). */
    static void status(InternalConnection conn, String reply, String status) {
        conn.publish(reply, "", ("NATS/1.0 " + status + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII),
                new byte[0]);
    }
}
