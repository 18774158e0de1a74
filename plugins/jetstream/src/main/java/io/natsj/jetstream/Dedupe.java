package io.natsj.jetstream;

import io.natsj.spi.store.StoredMessage;
import io.natsj.spi.store.StreamStore;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A stream's message ids ({@code Nats-Msg-Id}) within its duplicate window, oldest first, and
 * the id of the last message stored ({@code Nats-Expected-Last-Msg-Id}). Used only on the
 * stream's executor.
 */
final class Dedupe {

    /** id to {sequence, timestamp}, in insertion (time) order. */
    private final Map<String, long[]> ids = new LinkedHashMap<>();
    private String lastMsgId = "";

    /**
     * @return {sequence, timestamp} of the message stored with this id inside the window, or
     *         null; ids that fell out of the window are forgotten on the way
     */
    long[] find(String msgId, long window) {
        long cutoff = Stream.nowNanos() - window;
        Iterator<long[]> it = ids.values().iterator();
        while (it.hasNext()) {
            if (it.next()[1] < cutoff) {
                it.remove();
            } else {
                break;
            }
        }
        return window > 0 ? ids.get(msgId) : null;
    }

    /** Records the message just stored (or skipped); a null id clears the last id. */
    void record(String msgId, long sequence, long timestamp) {
        lastMsgId = msgId == null ? "" : msgId;
        if (msgId != null) {
            ids.put(msgId, new long[] {sequence, timestamp});
        }
    }

    String lastMsgId() {
        return lastMsgId;
    }

    /** After a restart the ids of messages inside the window are known again, as in nats-server. */
    void rebuild(StreamStore store, long window) {
        long cutoff = Stream.nowNanos() - window;
        // Only messages with headers can carry an id: a store that knows which have them
        // skips the rest without reading them.
        store.forEachWithHeaders(firstInWindow(store, cutoff), (sequence, timestamp, headers) -> {
            if (timestamp >= cutoff) {
                record(MsgHeaders.get(headers, MsgHeaders.MSG_ID), sequence, timestamp);
            }
        });
    }

    /**
     * Sequences grow with time, so the first message inside the window is found by halving the
     * sequence range: a stream of millions of older messages restarts without reading them.
     */
    private static long firstInWindow(StreamStore store, long cutoff) {
        long low = store.state().firstSequence();
        long high = store.state().lastSequence() + 1;
        while (low < high) {
            long mid = low + (high - low) / 2;
            StoredMessage m = store.loadNext(null, mid);
            if (m == null) {
                high = mid;
            } else if (m.timestampNanos() < cutoff) {
                low = m.sequence() + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
