package io.natsj.jetstream;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.natsj.spi.store.StreamState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Stream info and state as nats-server 2.9.10 writes them ({@code StreamInfo}, {@code StreamState}). */
final class StreamInfoJson {

    /** nats-server's JSMaxSubjectDetails: subjects per stream info page. */
    static final int MAX_SUBJECT_DETAILS = 100_000;

    private StreamInfoJson() {
    }

    /** @return {@code config}, {@code created}, {@code state} (and {@code domain}) of a stream */
    static ObjectNode info(Stream s, boolean deletedDetails) {
        ObjectNode n = Json.object();
        n.set("config", Json.MAPPER.valueToTree(s.config()));
        n.put("created", Json.time(s.createdNanos()));
        n.set("state", state(s, deletedDetails));
        return n;
    }

    /** Puts the info fields into an existing response object, after its type and paging. */
    static void into(ObjectNode response, Stream s, boolean deletedDetails, String domain) {
        response.setAll(info(s, deletedDetails));
        if (!domain.isEmpty()) {
            response.put("domain", domain);
        }
        sourcing(response, s);
    }

    /** @return one mirror's or source's StreamSourceInfo ({@code active}: -1 before it was heard from) */
    static ObjectNode sourceInfo(SourceSpec spec, long lag, long lastNanos, ApiError err) {
        ObjectNode n = Json.object();
        n.put("name", spec.name());
        if (spec.external()) {
            ObjectNode e = n.putObject("external");
            e.put("api", spec.api());
            e.put("deliver", spec.deliver());
        }
        n.put("lag", lag);
        n.put("active", lastNanos == 0 ? -1 : System.nanoTime() - lastNanos);
        if (err != null) {
            n.set("error", Json.MAPPER.valueToTree(err));
        }
        return n;
    }

    /** Adds {@code mirror} or {@code sources} (nats-server's StreamSourceInfo) after state and domain. */
    static void sourcing(ObjectNode n, Stream s) {
        Sourcing src = s.sourcing();
        if (src == null) {
            return;
        }
        ObjectNode m = src.mirrorInfo();
        if (m != null) {
            n.set("mirror", m);
        }
        ArrayNode a = src.sourcesInfo();
        if (a != null) {
            n.set("sources", a);
        }
    }

    static ObjectNode state(Stream s, boolean deletedDetails) {
        StreamState st = s.store().state();
        ObjectNode n = Json.object();
        n.put("messages", st.messages());
        n.put("bytes", st.bytes());
        // A stream that never held a message reports 0, as nats-server's stores do.
        n.put("first_seq", st.lastSequence() == 0 && st.messages() == 0 ? 0 : st.firstSequence());
        n.put("first_ts", Json.time(st.messages() == 0 ? 0 : st.firstTimestampNanos()));
        n.put("last_seq", st.lastSequence());
        n.put("last_ts", Json.time(st.lastTimestampNanos()));
        if (st.subjects() > 0) {
            n.put("num_subjects", st.subjects());
        }
        List<Long> deleted = st.deleted();
        if (!deleted.isEmpty()) {
            n.put("num_deleted", deleted.size());
            if (deletedDetails) {
                ArrayNode d = n.putArray("deleted");
                deleted.forEach(d::add);
            }
        }
        if (!st.corrupted().isEmpty()) {
            ObjectNode lost = n.putObject("lost");
            ArrayNode msgs = lost.putArray("msgs");
            st.corrupted().forEach(msgs::add);
            lost.put("bytes", st.corruptedBytes());
        }
        n.put("consumer_count", s.account().consumerCount(s));
        return n;
    }

    /**
     * Adds the subjects of a {@code subjects_filter} page to a state object, as nats-server does
     * (sorted, at most {@link #MAX_SUBJECT_DETAILS} from {@code offset}).
     *
     * @return {total, offset, limit} for the response, or null when no subject matched
     */
    static int[] subjects(ObjectNode state, Stream s, String filter, int offset) {
        Map<String, Long> counts = s.store().subjectCounts(filter.equals(">") ? null : filter);
        if (counts.isEmpty()) {
            return null;
        }
        List<String> names = new ArrayList<>(counts.keySet());
        names.sort(null);
        int from = Math.min(Math.max(offset, 0), names.size());
        int end = Math.min(from + MAX_SUBJECT_DETAILS, names.size());
        if (end > from) {
            ObjectNode subjects = Json.object();
            for (String name : names.subList(from, end)) {
                subjects.put(name, counts.get(name));
            }
            ObjectNode rebuilt = Json.object();
            state.fields().forEachRemaining(e -> {
                rebuilt.set(e.getKey(), e.getValue());
                if (e.getKey().equals("num_subjects")) {
                    rebuilt.set("subjects", subjects);
                }
            });
            state.removeAll();
            state.setAll(rebuilt);
        }
        return new int[] {counts.size(), from, MAX_SUBJECT_DETAILS};
    }
}
