package io.natsj.jetstream;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.natsj.spi.service.InternalConnection;
import io.natsj.spi.store.StoredMessage;
import io.natsj.spi.store.StreamState;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stream's mirror or sources ({@link SourceLink} each), on its own internal connection: the
 * origin's push consumer delivers to subscribers other than its own connection, so a mirror of
 * a stream of the same account needs one of its own. On start a source resumes after the last
 * message it brought (found by scanning back for its {@code Nats-Stream-Source} header, as
 * nats-server's startingSequenceForSources does); a mirror resumes at its last sequence + 1.
 * Runs on the stream's executor.
 */
final class Sourcing {

    private final Stream stream;
    private final InternalConnection conn;
    private volatile SourceLink mirror;
    /** By index name, in configuration order. */
    private final Map<String, SourceLink> sources = new LinkedHashMap<>();
    /** The sources for stream info, read off the executor. */
    private volatile List<SourceLink> view = List.of();

    private Sourcing(Stream stream, InternalConnection conn) {
        this.stream = stream;
        this.conn = conn;
    }

    /** @return the stream's sourcing, started; on the executor */
    static Sourcing start(Stream stream) {
        Sourcing s = new Sourcing(stream, stream.account().connectInternal("jetstream-sourcing-" + stream.name()));
        s.begin(stream.config());
        return s;
    }

    private void begin(StreamConfig cfg) {
        SourceSpec m = cfg.mirrorSpec();
        if (m != null) {
            mirror = new SourceLink(stream, conn, m, true);
            mirror.setupMirror();
            return;
        }
        for (SourceSpec spec : cfg.sourceSpecs()) {
            sources.putIfAbsent(spec.indexName(), new SourceLink(stream, conn, spec, false));
        }
        StreamState st = stream.store().state();
        if (st.lastTimestampNanos() != 0) {
            sources.values().forEach(l -> l.startNanos = st.lastTimestampNanos());
        }
        startingSequences();
        view = List.copyOf(sources.values());
        for (SourceLink l : sources.values()) {
            l.setup(l.sseq() + 1, 0);
        }
    }

    /** nats-server's startingSequenceForSources: one scan back for every source at once. */
    private void startingSequences() {
        StreamState st = stream.store().state();
        if (st.messages() == 0) {
            return;
        }
        Map<String, Long> found = new HashMap<>();
        for (long seq = st.lastSequence(); seq >= st.firstSequence() && found.size() < sources.size(); seq--) {
            String[] hit = sourceHeader(stream.store().load(seq));
            if (hit != null && sources.containsKey(hit[0]) && !found.containsKey(hit[0])) {
                found.put(hit[0], MsgHeaders.parseSequence(hit[1]));
            }
        }
        found.forEach((iname, seq) -> {
            if (seq > 0) {
                sources.get(iname).sseq(seq);
            }
        });
    }

    /** nats-server's setStartingSequenceForSource: where one source's messages end in the stream. */
    static void startingSequence(Stream stream, SourceLink link) {
        StreamState st = stream.store().state();
        if (st.messages() == 0) {
            return;
        }
        String iname = link.spec().indexName();
        for (long seq = st.lastSequence(); seq >= st.firstSequence(); seq--) {
            String[] hit = sourceHeader(stream.store().load(seq));
            if (hit != null && hit[0].equals(iname)) {
                link.sseq(MsgHeaders.parseSequence(hit[1]));
                return;
            }
        }
    }

    /** @return {index name, sequence} of a stored message's source header, or null */
    private static String[] sourceHeader(StoredMessage m) {
        if (m == null || m.headers() == null || m.headers().length == 0) {
            return null;
        }
        String h = MsgHeaders.get(m.headers(), SourceLink.STREAM_SOURCE);
        if (h == null) {
            return null;
        }
        if (h.startsWith("$JS.ACK.")) {
            // The older form: the origin's ack reply.
            String[] t = h.split("\\.", -1);
            return t.length == 9 ? new String[] {t[2], t[5]} : null;
        }
        String[] f = h.trim().split(" ");
        if (f.length >= 4) {
            // nats-server 2.10's form: <name> <seq> <filter> <destination>.
            return new String[] {f[0] + " " + f[2] + " " + f[3], f[1]};
        }
        return f.length == 2 ? f : null;
    }

    /** An updated config: sources added, removed, or with another filter (a mirror cannot change). */
    void update(StreamConfig next) {
        if (mirror != null) {
            return;
        }
        Map<String, SourceSpec> wanted = new LinkedHashMap<>();
        for (SourceSpec s : next.sourceSpecs()) {
            wanted.putIfAbsent(s.indexName(), s);
        }
        for (var it = sources.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!wanted.containsKey(e.getKey())) {
                e.getValue().close();
                it.remove();
            }
        }
        for (SourceSpec s : wanted.values()) {
            SourceLink l = sources.get(s.indexName());
            if (l == null) {
                l = new SourceLink(stream, conn, s, false);
                sources.put(s.indexName(), l);
                startingSequence(stream, l);
                l.setup(l.sseq() + 1, 0);
            } else if (!l.spec().consumerFilter().equals(s.consumerFilter())) {
                String old = l.spec().consumerFilter();
                l.spec(s);
                boolean overlap = old.isEmpty() || s.consumerFilter().isEmpty()
                        || SubjectFilter.isSubsetMatch(old, s.consumerFilter())
                        || SubjectFilter.isSubsetMatch(s.consumerFilter(), old);
                l.setup(l.sseq() + 1, overlap ? 0 : Stream.nowNanos());
            } else {
                l.spec(s);
            }
        }
        view = List.copyOf(sources.values());
    }

    /** @return stream info's {@code mirror}, or null */
    ObjectNode mirrorInfo() {
        SourceLink m = mirror;
        return m == null ? null : m.info();
    }

    /** @return stream info's {@code sources}, or null when none */
    ArrayNode sourcesInfo() {
        List<SourceLink> v = view;
        if (v.isEmpty()) {
            return null;
        }
        ArrayNode a = Json.MAPPER.createArrayNode();
        for (SourceLink l : v) {
            a.add(l.info());
        }
        return a;
    }

    /** @return true when this stream answers direct gets for its origin ({@code mirror_direct}) */
    boolean servesDirectFor(String origin) {
        SourceLink m = mirror;
        return m != null && m.directReady() && m.spec().name().equals(origin);
    }

    /** Stops every consumer link and closes the connection. */
    void stop() {
        if (mirror != null) {
            mirror.close();
        }
        sources.values().forEach(SourceLink::close);
        conn.close();
    }
}
