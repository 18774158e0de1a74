package io.natsj.jetstream;

import io.natsj.spi.store.StoredMessage;
import io.natsj.spi.store.StreamState;

/**
 * Where a new consumer starts, as nats-server's selectStartingSeqNo: its deliver policy
 * (all, last, new, by start sequence or time, last per subject with its skip list) within the
 * stream's first and last sequence.
 */
final class ConsumerStart {

    private ConsumerStart() {
    }

    /** nats-server's selectStartingSeqNo: where a new consumer starts reading. */
    static void select(Consumer o) {
        StreamState st = o.stream.store().state();
        ConsumerConfig c = o.config;
        boolean empty = st.lastSequence() == 0 && st.messages() == 0;
        long first = empty ? 0 : st.firstSequence();
        long last = st.lastSequence();
        if (c.optStartSeq() > 0) {
            o.sseq = c.optStartSeq();
        } else {
            switch (c.deliverPolicy()) {
                case ConsumerConfig.DELIVER_LAST -> {
                    StoredMessage m = c.filterSubject().isEmpty() ? null : o.stream.store().loadLast(c.filterSubject());
                    o.sseq = c.filterSubject().isEmpty() ? last : m == null ? 0 : m.sequence();
                }
                case ConsumerConfig.DELIVER_LAST_PER_SUBJECT -> {
                    var counts = o.stream.store().subjectCounts(c.filterSubject());
                    if (counts.isEmpty()) {
                        o.sseq = last;
                    } else {
                        o.skip = counts.keySet().stream().map(s -> o.stream.store().loadLast(s))
                                .filter(m -> m != null).mapToLong(StoredMessage::sequence).sorted().toArray();
                        o.skipAt = 0;
                        o.skipResume = last;
                        o.sseq = o.skip.length > 0 ? o.skip[0] : last;
                    }
                }
                case ConsumerConfig.DELIVER_BY_TIME -> o.sseq = seqFromTime(o, c.optStartNanos(), first, last);
                case ConsumerConfig.DELIVER_NEW -> o.sseq = last + 1;
                default -> o.sseq = first;
            }
        }
        if (first == 0) {
            o.sseq = 1;
        } else if (o.sseq < first) {
            o.sseq = first;
        } else if (o.sseq > last) {
            o.sseq = last + 1;
        }
        o.dseq = 1;
        o.adflr = 0;
        o.asflr = 0;
    }

    private static long seqFromTime(Consumer o, long nanos, long first, long last) {
        for (long s = Math.max(first, 1); s <= last; ) {
            StoredMessage m = o.stream.store().loadNext(null, s);
            if (m == null) {
                break;
            }
            if (m.timestampNanos() >= nanos) {
                return m.sequence();
            }
            s = m.sequence() + 1;
        }
        return last + 1;
    }
}
