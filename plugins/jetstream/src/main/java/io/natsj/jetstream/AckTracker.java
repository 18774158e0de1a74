package io.natsj.jetstream;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a consumer delivered and still waits to hear about, as nats-server's consumer keeps it:
 * the pending map (stream sequence → delivery sequence and time of delivery), the queue of
 * sequences to deliver again, and how often each was redelivered. Used only on the stream's
 * executor.
 */
final class AckTracker {

    /** A delivered message not yet acknowledged. */
    static final class Pending {
        /** The consumer sequence it was first delivered with. */
        final long dseq;
        /** Delivery time, epoch nanoseconds (moved by progress and delayed naks). */
        long ts;

        Pending(long dseq, long ts) {
            this.dseq = dseq;
            this.ts = ts;
        }
    }

    /** Sorted, so that state files and floors are computed in sequence order. */
    final TreeMap<Long, Pending> pending = new TreeMap<>();
    /** Stream sequence → redeliveries so far. */
    final Map<Long, Long> redelivered = new HashMap<>();
    private final ArrayDeque<Long> redeliver = new ArrayDeque<>();
    private final Set<Long> queued = new HashSet<>();

    boolean hasRedeliveries() {
        return !redeliver.isEmpty();
    }

    int redeliverQueued() {
        return redeliver.size();
    }

    Long peekRedeliver() {
        return redeliver.peekFirst();
    }

    void pollRedeliver() {
        Long s = redeliver.pollFirst();
        if (s != null) {
            queued.remove(s);
        }
    }

    boolean isQueued(long seq) {
        return queued.contains(seq);
    }

    void queue(long seq) {
        if (queued.add(seq)) {
            redeliver.addLast(seq);
        }
    }

    void unqueue(long seq) {
        if (queued.remove(seq)) {
            redeliver.remove(seq);
        }
    }

    /** @return the delivery count the next delivery of a message gets */
    long nextDeliveryCount(long seq) {
        return redelivered.getOrDefault(seq, 0L) + 2;
    }

    void countRedelivery(long seq) {
        redelivered.merge(seq, 1L, Long::sum);
    }

    /** Forgets a sequence entirely (acknowledged, terminated or gone from the stream). */
    void forget(long seq) {
        pending.remove(seq);
        redelivered.remove(seq);
        unqueue(seq);
    }

    /** Records a delivery: a new pending entry, or a new time for one delivered before. */
    void track(long sseq, long dseq, long now) {
        Pending p = pending.get(sseq);
        if (p != null) {
            p.ts = now;
        } else {
            pending.put(sseq, new Pending(dseq, now));
        }
    }

    /**
     * nats-server's checkPending: queues every pending message whose ack wait (or backoff step)
     * has passed, and drops those below the stream's first sequence.
     *
     * @return nanoseconds until the next check should run, or 0 when nothing is pending
     */
    long expire(long now, long ackWait, List<Long> backoff, long firstSeq, boolean[] changed) {
        long next = ackWait;
        if (!backoff.isEmpty()) {
            next = backoff.get(backoff.size() - 1);
        }
        List<Long> expired = new ArrayList<>();
        for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            long seq = e.getKey();
            if (seq < firstSeq) {
                it.remove();
                redelivered.remove(seq);
                unqueue(seq);
                changed[0] = true;
                continue;
            }
            long elapsed = now - e.getValue().ts;
            long deadline = ackWait;
            if (!backoff.isEmpty()) {
                int dc = (int) Math.min(redelivered.getOrDefault(seq, 0L), Integer.MAX_VALUE);
                int nbi = dc + 1;
                if (dc + 1 >= backoff.size()) {
                    dc = backoff.size() - 1;
                    nbi = dc;
                }
                deadline = backoff.get(dc);
                next = Math.min(next, backoff.get(nbi));
            }
            if (elapsed >= deadline) {
                if (!isQueued(seq)) {
                    expired.add(seq);
                }
            } else if (deadline - elapsed < next) {
                next = deadline - elapsed;
            }
        }
        if (!expired.isEmpty()) {
            long off = now - pending.get(expired.get(0)).ts;
            for (long seq : expired) {
                queue(seq);
                pending.get(seq).ts += off;
            }
        }
        return pending.isEmpty() ? 0 : next;
    }
}
