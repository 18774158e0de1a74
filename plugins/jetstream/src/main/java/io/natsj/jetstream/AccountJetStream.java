package io.natsj.jetstream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.natsj.spi.service.InternalConnection;
import io.natsj.spi.service.ServiceAccount;
import io.natsj.spi.store.StreamStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * JetStream in one account: its streams, its limits and usage, and the internal connection
 * through which the API is answered and stream subjects are subscribed. Streams live in
 * {@code <store_dir>/jetstream/<account>/streams/<name>/}; file streams keep their config there
 * ({@link StreamMeta}) and come back on restart, memory streams do not (as in nats-server).
 */
final class AccountJetStream {

    private static final System.Logger LOG = System.getLogger("io.natsj.jetstream");

    private final JetStreamService service;
    private final ServiceAccount account;
    // Replaced when an operator-mode account's JWT changes its JetStream limits.
    private volatile AccountTiers limits;
    private final Path streamsDir;
    private final ConcurrentSkipListMap<String, Stream> streams = new ConcurrentSkipListMap<>();
    /** Each stream's consumers, keyed by the stream object (a recreated stream starts anew). */
    private final java.util.Map<Stream, StreamConsumers> consumers = new java.util.concurrent.ConcurrentHashMap<>();
    /** Names of streams being restored from a snapshot (changed on the API thread). */
    private final java.util.Set<String> restoring = new java.util.HashSet<>();
    private final TierUsage usage = new TierUsage();
    final AtomicLong apiTotal = new AtomicLong();
    final AtomicLong apiErrors = new AtomicLong();
    private InternalConnection connection;

    AccountJetStream(JetStreamService service, ServiceAccount account, AccountTiers limits) {
        this.service = service;
        this.account = account;
        this.limits = limits;
        this.streamsDir = service.settings().storeDir().resolve(account.name()).resolve("streams");
    }

    /** Opens the connection, recovers the streams kept on disk, then answers the API. */
    void start() {
        connection = account.connect("jetstream");
        recover();
        new JetStreamApi(this).subscribe();
        // Acks go straight to the stream's executor, never through the API thread.
        connection.subscribe("$JS.ACK.>", null, this::onAck);
        // After the API: a mirror of a local stream asks this account for its consumer.
        streams.values().forEach(Stream::startSourcing);
    }

    /** @return a mirror that answers direct gets for {@code origin} ({@code mirror_direct}), or null */
    Stream directMirror(String origin) {
        for (Stream s : streams.values()) {
            Sourcing src = s.sourcing();
            if (src != null && s.config().mirrorDirect() && src.servesDirectFor(origin)) {
                return s;
            }
        }
        return null;
    }

    /** @return a new internal connection of the account (a stream's mirror or sources) */
    InternalConnection connectInternal(String name) {
        return account.connect(name);
    }

    private void recover() {
        if (!Files.isDirectory(streamsDir)) {
            return;
        }
        try (var dirs = Files.list(streamsDir)) {
            for (Path dir : dirs.sorted().toList()) {
                try {
                    StreamMeta meta = StreamMeta.read(dir);
                    if (meta == null) {
                        continue;
                    }
                    if (meta.config().replicas() > 1) {
                        // An update may have set them; nats-server then no longer loads the stream.
                        throw new IllegalStateException(ApiError.REPLICAS_NOT_SUPPORTED.description());
                    }
                    Stream s = open(meta.config(), meta.createdNanos(), dir);
                    streams.put(s.name(), s);
                    consumersOf(s).recover();
                    s.start();
                } catch (IOException | RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "Error recreating stream \"" + dir.getFileName() + "\": "
                            + e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "Error reading streams of account " + account.name() + ": " + e);
        }
    }

    private Stream open(StreamConfig cfg, long created, Path dir) {
        StreamStore store = service.stores().open(this, cfg, dir.resolve("msgs"));
        Stream s = new Stream(this, cfg, created, store, dir, new SerialExecutor(service.pool()));
        usage.add(s);
        return s;
    }

    JetStreamService service() {
        return service;
    }

    String name() {
        return account.name();
    }

    /**
     * @return the limits a stream is held to: the default ones, or those of the tier it is
     *         counted in; unlimited when that tier has none (a JWT update dropped it)
     */
    AccountLimits streamLimits(Stream s) {
        AccountLimits l = limits.forTier(usage.tier(s));
        return l == null ? AccountLimits.UNLIMITED : l;
    }

    /** @param limits the account's new limits, checked from the next request on (as nats-server's UpdateJetStreamLimits) */
    void limits(AccountTiers limits) {
        this.limits = limits;
    }

    String domain() {
        return service.settings().domain();
    }

    InternalConnection connection() {
        return connection;
    }

    Stream stream(String name) {
        return streams.get(name);
    }

    List<Stream> streams() {
        return List.copyOf(streams.values());
    }

    /**
     * Publishes as nats-server's internal clients do, with an empty reply field (PubAcks,
     * advisories, direct get answers: {@code MSG <subject> <sid>  <size>}).
     */
    void publish(String subject, byte[] payload) {
        connection.publish(subject, "", null, payload);
    }

    /** {@link #publish(String, byte[])} with headers. */
    void publish(String subject, byte[] headers, byte[] payload) {
        connection.publish(subject, "", headers, payload);
    }

    /**
     * Sends a JetStream API answer: without a reply field, as nats-server's answers reach the
     * client through the account's service import.
     */
    void answer(String reply, byte[] payload) {
        connection.publish(reply, null, null, payload);
    }

    /** A message was stored (called on the stream's executor): waiting pull requests get it. */
    void newMessage(Stream stream, long sequence) {
        StreamConsumers c = consumers.get(stream);
        if (c != null) {
            c.newMessage();
        }
    }

    /** Whether some consumer of the stream is interested in a subject (interest retention). */
    boolean hasConsumerInterest(Stream stream, String subject) {
        StreamConsumers c = consumers.get(stream);
        return c != null && c.hasInterest(subject);
    }

    /** @return the consumers of a stream (created on first use) */
    StreamConsumers consumersOf(Stream s) {
        return consumers.computeIfAbsent(s, StreamConsumers::new);
    }

    /** @return the consumers of the named stream, or null when there is no such stream */
    StreamConsumers consumers(String streamName) {
        Stream s = streams.get(streamName);
        return s == null ? null : consumersOf(s);
    }

    /** @return how many consumers a stream has */
    int consumerCount(Stream s) {
        StreamConsumers c = consumers.get(s);
        return c == null ? 0 : c.size();
    }

    /** @return how many consumers the account has */
    int consumerCount() {
        int n = 0;
        for (Stream s : streams.values()) {
            n += consumerCount(s);
        }
        return n;
    }

    /** {@code $JS.ACK.<stream>.<consumer>.<dc>.<sseq>.<dseq>.<ts>.<pending>}, on a network loop. */
    private void onAck(io.natsj.spi.service.ServiceMessage m) {
        String[] t = m.subject().split("\\.", -1);
        if (t.length != 9) {
            return;
        }
        Stream s = streams.get(t[2]);
        StreamConsumers c = s == null ? null : consumers.get(s);
        Consumer o = c == null ? null : c.get(t[3]);
        if (o == null) {
            return;
        }
        long dc;
        long sseq;
        long dseq;
        try {
            dc = Long.parseLong(t[4]);
            sseq = Long.parseLong(t[5]);
            dseq = Long.parseLong(t[6]);
        } catch (NumberFormatException e) {
            return;
        }
        s.executor().execute(() -> {
            if (!o.closed) {
                ConsumerAcks.process(o, dc, sseq, dseq, m.reply(), m.payload());
            }
        });
    }

    /** {@code $JS.API.CONSUMER.MSG.NEXT.<stream>.<consumer>}, on a network loop: not an API call. */
    void onNextRequest(io.natsj.spi.service.ServiceMessage m, String streamName, String consumerName) {
        Stream s = streams.get(streamName);
        StreamConsumers c = s == null ? null : consumers.get(s);
        Consumer o = c == null ? null : c.get(consumerName);
        if (o == null) {
            return;
        }
        s.executor().execute(() -> o.nextRequest(m.reply(), m.payload()));
    }

    /** A stream holds {@code delta} more bytes (fewer when negative); on its executor. */
    void usage(Stream s, boolean memory, long delta) {
        usage.usage(s, memory, delta);
    }

    long memoryUsed() {
        return usage.used(true);
    }

    long storeUsed() {
        return usage.used(false);
    }

    /**
     * @param s the stream, or null for one being restored (counted in {@code R1})
     * @return true when {@code size} more bytes in it go over its tier's limit for the storage
     */
    boolean limitsExceeded(Stream s, boolean memory, long size) {
        return usage.exceeded(limits, s, memory, size);
    }

    /**
     * Creates a stream, or returns the existing one when the config is the same.
     *
     * @throws ApiError.Failure as nats-server answers
     */
    Stream create(StreamConfig cfg, int requestedReplicas) {
        AccountLimits selected = limits.select(requestedReplicas);
        if (selected == null) {
            throw new ApiError.Failure(ApiError.NO_LIMITS);
        }
        Stream existing = streams.get(cfg.name());
        // nats-server refuses replicas on a single server before it looks at the existing stream.
        if (existing != null && cfg.replicas() <= 1) {
            if (existing.config().equals(cfg)) {
                return existing;
            }
            throw new ApiError.Failure(ApiError.STREAM_NAME_EXIST);
        }
        if (restoring.contains(cfg.name())) {
            throw new ApiError.Failure(ApiError.STREAM_NAME_EXIST);
        }
        // nats-server checks the limits before it refuses replicas on a single server.
        checkLimits(selected, cfg, Math.max(1, requestedReplicas), limits.tiered());
        if (cfg.replicas() > 1) {
            throw new ApiError.Failure(ApiError.REPLICAS_NOT_SUPPORTED);
        }
        checkOverlap(cfg, null);
        Path dir = streamsDir.resolve(cfg.name());
        long created = Stream.nowNanos();
        Stream s;
        try {
            Files.createDirectories(dir);
            s = open(cfg, created, dir);
            if (!cfg.isMemory()) {
                StreamMeta.write(dir, cfg, created);
            }
        } catch (IOException | RuntimeException e) {
            throw new ApiError.Failure(ApiError.createFailed(e.getMessage() == null ? e.toString() : e.getMessage()));
        }
        streams.put(cfg.name(), s);
        s.start();
        s.startSourcing();
        return s;
    }

    /**
     * Updates a stream as a single nats-server 2.9.10 does: the account's limits
     * ({@link StreamLimitsCheck#checkUpdate}) and not the replicas, so a stream may be updated to
     * R3 here (it is no longer loaded after a restart, as nats-server no longer loads it).
     *
     * @throws ApiError.Failure when the new config is refused
     */
    Stream update(StreamConfig cfg) {
        AccountTiers tiers = limits;
        // checkStreamCfg's, before nats-server looks the stream up.
        StreamLimitsCheck.checkMaxBytes(tiers.select(Math.max(1, cfg.replicas())), cfg);
        Stream s = streams.get(cfg.name());
        if (s == null) {
            throw new ApiError.Failure(ApiError.STREAM_NOT_FOUND);
        }
        StreamConfigCheck.checkUpdate(s.config(), cfg);
        StreamLimitsCheck.checkUpdate(tiers, s.config(), cfg, streams.values(), service.settings(),
                service.reservedBytes(cfg.isMemory()));
        checkOverlap(cfg, cfg.name());
        StreamConfig next = cfg.sealed() ? StreamConfigCheck.sealed(cfg) : cfg;
        try {
            if (!next.isMemory()) {
                StreamMeta.write(s.directory(), next, s.createdNanos());
            }
        } catch (IOException e) {
            throw new ApiError.Failure(ApiError.updateFailed(e.getMessage()));
        }
        s.executor().call(() -> {
            s.updateNow(next);
            usage.updated(s, tiers, next.replicas());
            return null;
        });
        return s;
    }

    /** @return where a stream's directory goes */
    Path streamDirectory(String name) {
        return streamsDir.resolve(name);
    }

    /**
     * Holds a name for a restore while its store is filled off the API thread, so that a
     * create meanwhile cannot take the directory. On the API thread.
     *
     * @throws ApiError.Failure when a stream (or another restore) has the name
     */
    void reserveForRestore(String name) {
        if (streams.containsKey(name) || !restoring.add(name)) {
            throw new ApiError.Failure(StreamRestore.NAME_EXIST);
        }
    }

    /** Registers a restored stream and releases its name; on the API thread. */
    Stream adoptRestored(StreamConfig cfg, long created, StreamStore store, Path dir,
                         List<SnapshotFormat.SnapshotConsumer> restoredConsumers) {
        try {
            if (cfg.replicas() > 1) {
                throw new ApiError.Failure(ApiError.REPLICAS_NOT_SUPPORTED);
            }
            checkOverlap(cfg, null);
            Stream s = new Stream(this, cfg, created, store, dir, new SerialExecutor(service.pool()));
            if (!cfg.isMemory()) {
                try {
                    StreamMeta.write(dir, cfg, created);
                } catch (IOException e) {
                    throw new ApiError.Failure(StreamRestore.failed(e.getMessage()));
                }
            }
            usage.add(s);
            streams.put(cfg.name(), s);
            try {
                consumersOf(s).restore(restoredConsumers);
            } catch (RuntimeException e) {
                streams.remove(cfg.name());
                StreamConsumers gone = consumers.remove(s);
                if (gone != null) {
                    gone.close();
                }
                usage.usage(s, cfg.isMemory(), -s.bytes());
                usage.remove(s);
                throw new ApiError.Failure(StreamRestore.failed("error restoring consumers: " + e.getMessage()));
            }
            s.start();
            s.startSourcing();
            return s;
        } finally {
            restoring.remove(cfg.name());
        }
    }

    /** Releases the name of a restore that failed; on the API thread. */
    void restoreFailed(String name) {
        restoring.remove(name);
    }

    void delete(String name) {
        Stream s = streams.remove(name);
        if (s == null) {
            throw new ApiError.Failure(ApiError.STREAM_NOT_FOUND);
        }
        StreamConsumers c = consumers.remove(s);
        if (c != null) {
            c.deleteAll();
        }
        s.delete();
        usage.remove(s);
        StreamMeta.remove(s.directory());
    }

    private void checkOverlap(StreamConfig cfg, String self) {
        for (Stream other : streams.values()) {
            if (other.name().equals(self)) {
                continue;
            }
            for (String a : other.config().subjects()) {
                for (String b : cfg.subjects()) {
                    if (SubjectFilter.collide(a, b)) {
                        throw new ApiError.Failure(ApiError.SUBJECT_OVERLAP);
                    }
                }
            }
        }
    }

    /** {@link StreamLimitsCheck} for a restored stream's config, its tier chosen by its replicas. */
    void checkLimits(StreamConfig cfg) {
        AccountLimits selected = limits.select(cfg.replicas());
        if (selected == null) {
            throw new ApiError.Failure(ApiError.NO_LIMITS);
        }
        checkLimits(selected, cfg, Math.max(1, cfg.replicas()), limits.tiered());
    }

    private void checkLimits(AccountLimits selected, StreamConfig cfg, int replicas, boolean tiered) {
        StreamLimitsCheck.check(selected, cfg, replicas, tiered, streams.values(), restoring.size(), service.settings(),
                service.reservedBytes(cfg.isMemory()));
    }

    /** @return account info ({@code $JS.API.INFO}) fields after the type */
    ObjectNode info() {
        ObjectNode n = Json.object();
        n.put("memory", memoryUsed());
        n.put("storage", storeUsed());
        n.put("streams", streams.size());
        n.put("consumers", consumerCount());
        AccountTiers tiers = limits;
        n.set("limits", tiers.tiered() ? AccountLimits.NONE.toJson() : tiers.select(1).toJson());
        if (!domain().isEmpty()) {
            n.put("domain", domain());
        }
        ObjectNode api = n.putObject("api");
        api.put("total", apiTotal.get());
        api.put("errors", apiErrors.get());
        if (tiers.tiered()) {
            n.set("tiers", usage.json(tiers, streams.values(), this::consumerCount));
        }
        return n;
    }

    /** Closes every stream (server shutdown); their stores make what they hold durable. */
    void close() {
        for (Stream s : streams.values()) {
            try {
                StreamConsumers c = consumers.get(s);
                if (c != null) {
                    c.close();
                }
                s.close();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "Error closing stream " + s.name() + ": " + e);
            }
        }
        if (connection != null) {
            connection.close();
        }
    }
}
