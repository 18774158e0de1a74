package io.natsj.jetstream;

import io.natsj.spi.store.StoredMessage;

/**
 * What a consumer delivers next, as nats-server's getNextMsg: messages due for redelivery
 * first (dropping those past {@code max_deliver}, with the advisory), then the last-per-subject
 * start list, then the next message matching the filter, unless {@code max_ack_pending}
 * messages await acks. Nothing is consumed here: the caller commits once a request takes it.
 */
final class NextMessage {

    private NextMessage() {
    }

    /** A message to deliver next: a redelivery, a skip-list entry or the next new one. */
    record Next(StoredMessage message, long dc, int kind) {
        static final int NEW = 0;
        static final int REDELIVERY = 1;
        static final int SKIP = 2;
    }

    /** @return what the consumer delivers next, or null when nothing may go now */
    static Next pick(Consumer o) {
        ConsumerConfig c = o.config;
        while (o.acks.hasRedeliveries()) {
            long seq = o.acks.peekRedeliver();
            long dc = o.acks.nextDeliveryCount(seq);
            if (c.maxDeliver() > 0 && dc > c.maxDeliver()) {
                o.acks.pollRedeliver();
                o.acks.countRedelivery(seq);
                if (dc == c.maxDeliver() + 1) {
                    ConsumerAdvisories.maxDeliveries(o, seq, dc - 1);
                }
                o.acks.pending.remove(seq);
                continue;
            }
            StoredMessage m = o.stream.store().load(seq);
            if (m == null) {
                o.acks.pollRedeliver();
                o.acks.forget(seq);
                continue;
            }
            return new Next(m, dc, Next.REDELIVERY);
        }
        if (c.acks() && c.maxAckPending() > 0 && o.acks.pending.size() >= c.maxAckPending()) {
            return null;
        }
        if (o.skip != null && o.skipAt < o.skip.length) {
            StoredMessage m = o.stream.store().load(o.skip[o.skipAt]);
            if (m != null) {
                return new Next(m, 1, Next.SKIP);
            }
            o.skipAt++;
            return pick(o);
        }
        StoredMessage m = o.stream.store().loadNext(o.filter(), o.sseq);
        return m == null ? null : new Next(m, 1, Next.NEW);
    }
}
