package io.natsj.jetstream;

import io.natsj.spi.subject.SubjectMatch;
import io.natsj.spi.store.StoredMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The consumers of one stream (nats-server's mset.consumers): adding as addConsumerWithAssignment
 * does (defaults, checks, update of an existing one, limits, work-queue rules), removing, the
 * stream's retention (a work-queue message goes once acknowledged, an interest message once no
 * consumer needs it), and recovery of durables kept on disk. Changes run on the stream's
 * executor; the map is read from the API thread too.
 */
final class StreamConsumers {

    private static final System.Logger LOG = System.getLogger("io.natsj.jetstream");
    private static final String NAME_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Stream stream;
    private final ConcurrentSkipListMap<String, Consumer> consumers = new ConcurrentSkipListMap<>();

    StreamConsumers(Stream stream) {
        this.stream = stream;
    }

    Stream stream() {
        return stream;
    }

    Consumer get(String name) {
        return consumers.get(name);
    }

    List<Consumer> all() {
        return List.copyOf(consumers.values());
    }

    /**
     * @return the consumers nats-server shows (names, list, counts, {@code max_consumers}):
     *     all but the direct ones of mirrors and sources
     */
    List<Consumer> visible() {
        List<Consumer> out = new java.util.ArrayList<>(consumers.size());
        for (Consumer o : consumers.values()) {
            if (!o.config.direct()) {
                out.add(o);
            }
        }
        return out;
    }

    int size() {
        int n = 0;
        for (Consumer o : consumers.values()) {
            if (!o.config.direct()) {
                n++;
            }
        }
        return n;
    }

    /**
     * Result of an add: the consumer, whether it is new (an advisory follows), and for a new one
     * its info taken before it delivered anything (nats-server's initial info snapshot, which
     * its create response carries), else null.
     */
    record Added(Consumer consumer, boolean created, com.fasterxml.jackson.databind.node.ObjectNode initialInfo) {
    }

    /**
     * @param requested the request's config (name set from the subject where the API says so)
     * @throws ApiError.Failure with nats-server's error
     */
    Added add(ConsumerConfig requested, AccountJetStream account) {
        long accountMaxAckPending = account.streamLimits(stream).maxAckPending();
        ConsumerConfig cfg = requested.withDefaults(accountMaxAckPending);
        ConsumerConfigCheck.check(cfg, stream.config(), accountMaxAckPending);
        return stream.executor().call(() -> addNow(cfg, account));
    }

    private Added addNow(ConsumerConfig cfg, AccountJetStream account) {
        String cname = cfg.isDurable() ? cfg.durable() : cfg.name();
        if (!cname.isEmpty()) {
            Consumer existing = consumers.get(cname);
            if (existing != null) {
                update(existing, cfg);
                return new Added(existing, false, null);
            }
        }
        int max = stream.config().maxConsumers();
        int accountMax = account.streamLimits(stream).maxConsumers();
        if (max <= 0 || (accountMax > 0 && accountMax < max)) {
            max = accountMax;
        }
        if (max > 0 && size() >= max) {
            throw new ApiError.Failure(ConsumerConfigCheck.MAXIMUM_CONSUMERS);
        }
        if (StreamConfig.WORKQUEUE.equals(stream.config().retention()) && !cfg.direct()) {
            if (!ConsumerConfig.ACK_EXPLICIT.equals(cfg.ackPolicy())) {
                throw new ApiError.Failure(ConsumerConfigCheck.WQ_EXPLICIT_ACK);
            }
            if (!consumers.isEmpty()) {
                if (cfg.filterSubject().isEmpty()) {
                    throw new ApiError.Failure(ConsumerConfigCheck.WQ_MULTIPLE_UNFILTERED);
                }
                for (Consumer o : consumers.values()) {
                    String f = o.config.filterSubject();
                    if (f.isEmpty() || SubjectFilter.isSubsetMatch(cfg.filterSubject(), f)
                            || SubjectFilter.isSubsetMatch(f, cfg.filterSubject())) {
                        throw new ApiError.Failure(ConsumerConfigCheck.WQ_NOT_UNIQUE);
                    }
                }
            }
            if (!ConsumerConfig.DELIVER_ALL.equals(cfg.deliverPolicy())) {
                throw new ApiError.Failure(ConsumerConfigCheck.WQ_DELIVER_ALL);
            }
        }
        if (cfg.isDurable() && cfg.durable().length() > ConsumerConfigCheck.MAX_NAME_LEN) {
            throw new ApiError.Failure(new ApiError(400, 10102,
                    "consumer name is too long, maximum allowed is " + ConsumerConfigCheck.MAX_NAME_LEN));
        }
        ConsumerConfig c = cfg;
        if (cname.isEmpty()) {
            // nats-server names a legacy ephemeral but leaves its config without the name.
            do {
                cname = randomName();
            } while (consumers.containsKey(cname));
        }
        if (cname.contains(".") || cname.contains("*") || cname.contains(">")) {
            throw new ApiError.Failure(ConsumerConfigCheck.BAD_DURABLE_NAME);
        }
        c = c.withEphemeralThreshold();
        ConsumerStore store = persisted(c) ? new ConsumerStore(ConsumerStore.directory(stream, cname)) : null;
        Consumer o = new Consumer(this, stream, cname, c, Stream.nowNanos(), store);
        o.selectStart();
        if (store != null) {
            try {
                store.writeMeta(c, o.createdNanos);
            } catch (RuntimeException e) {
                throw new ApiError.Failure(new ApiError(500, 10104,
                        "error creating store for consumer: " + e.getMessage()));
            }
        }
        consumers.put(cname, o);
        var initialInfo = o.info();
        if (o.push != null && o.conn().hasLocalInterest(c.deliverSubject())) {
            // Bound already, as nats-server's consumer is when its info is snapshot.
            initialInfo.put("push_bound", true);
        }
        o.scheduleInactiveCheck();
        return new Added(o, true, initialInfo);
    }

    /**
     * As nats-server 2.9.10, every consumer of a file stream is kept on disk, ephemerals too,
     * unless it asks for {@code mem_storage}.
     */
    private boolean persisted(ConsumerConfig c) {
        return !c.direct() && !c.memStorage() && !stream.config().isMemory();
    }

    /**
     * The config of a consumer brought back by a restart or a restore: an ephemeral stays one,
     * with its inactive threshold, and its config now names it, as nats-server's
     * switchToEphemeral leaves it.
     */
    private static ConsumerConfig recovered(ConsumerConfig c, String name) {
        if (c.isDurable()) {
            return c;
        }
        ConsumerConfig e = c.withEphemeralThreshold();
        return e.name().isEmpty() ? e.withName(name) : e;
    }

    private void update(Consumer o, ConsumerConfig next) {
        ConsumerConfigCheck.checkUpdate(o.config, next);
        ConsumerConfig c = o.isDurableName() ? next : next.withEphemeralThreshold();
        if (o.store != null) {
            o.store.writeMeta(c, o.createdNanos);
        }
        boolean morePending = c.maxAckPending() != o.config.maxAckPending();
        o.config = c;
        if (morePending) {
            o.deliver();
        }
    }

    private static String randomName() {
        char[] c = new char[8];
        for (int i = 0; i < c.length; i++) {
            c[i] = NAME_CHARS.charAt(RANDOM.nextInt(NAME_CHARS.length()));
        }
        return new String(c);
    }

    /** Deletes a consumer with its advisory; from the API thread. */
    boolean delete(String name) {
        Consumer o = consumers.get(name);
        if (o == null) {
            return false;
        }
        stream.executor().call(() -> {
            removeNow(o);
            return null;
        });
        ConsumerAdvisories.action(stream.account(), stream.name(), name, "delete");
        return true;
    }

    /** An ephemeral's inactivity ran out; on the executor. */
    void deleteInactive(Consumer o) {
        removeNow(o);
        ConsumerAdvisories.action(stream.account(), stream.name(), o.name, "delete");
    }

    private void removeNow(Consumer o) {
        if (consumers.remove(o.name, o)) {
            o.stop();
            if (o.store != null) {
                o.store.delete();
            }
            if (StreamConfig.INTEREST.equals(stream.config().retention())) {
                dropUnwanted(o);
            }
        }
    }

    /** As nats-server, a deleted consumer of an interest stream takes the messages only it still held with it. */
    private void dropUnwanted(Consumer gone) {
        var st = stream.store().state();
        long from = Math.max(gone.asflr, st.firstSequence());
        for (long seq = from; seq <= st.lastSequence(); ) {
            StoredMessage m = stream.store().loadNext(null, seq);
            if (m == null) {
                break;
            }
            boolean wanted = false;
            for (Consumer o : consumers.values()) {
                if (ConsumerAcks.needAck(o, m.sequence(), m.subject())) {
                    wanted = true;
                    break;
                }
            }
            if (!wanted) {
                stream.removeNow(m.sequence(), false);
            }
            seq = m.sequence() + 1;
        }
    }

    /** The stream was purged (on the executor): consumers the purge concerned move past it. */
    void purged(String filter) {
        var st = stream.store().state();
        long first = st.firstSequence();
        if (filter != null && !SubjectMatch.matchesAll(filter)) {
            StoredMessage m = stream.store().loadNext(filter, 0);
            first = m == null ? st.lastSequence() + 1 : m.sequence();
        }
        if (st.messages() == 0) {
            first = st.lastSequence() + 1;
        }
        for (Consumer o : consumers.values()) {
            if (filter == null || SubjectMatch.matchesAll(filter) || o.config.filterSubject().isEmpty()
                    || SubjectFilter.matches(filter, o.config.filterSubject())
                    || SubjectFilter.isSubsetMatch(o.config.filterSubject(), filter)) {
                o.purged(first);
            }
        }
    }

    /** The stream is being deleted: every consumer goes, with its advisory. From the API thread. */
    void deleteAll() {
        for (Consumer o : all()) {
            delete(o.name);
        }
    }

    /** Server shutdown: consumer state is written, nothing is removed. */
    void close() {
        stream.executor().call(() -> {
            for (Consumer o : consumers.values()) {
                if (o.store != null) {
                    o.store.flush(o);
                }
                o.stop();
            }
            return null;
        });
    }

    /** A message was stored; on the executor. */
    void newMessage() {
        for (Consumer o : consumers.values()) {
            o.newMessage();
        }
    }

    /** @return true when some consumer's filter takes the subject (interest retention) */
    boolean hasInterest(String subject) {
        for (Consumer o : consumers.values()) {
            if (o.matches(subject)) {
                return true;
            }
        }
        return false;
    }

    /** A consumer is done with a message of a work-queue or interest stream; on the executor. */
    void acked(Consumer by, long seq) {
        String retention = stream.config().retention();
        if (StreamConfig.WORKQUEUE.equals(retention)) {
            stream.removeNow(seq, false);
        } else if (StreamConfig.INTEREST.equals(retention)) {
            StoredMessage m = stream.store().load(seq);
            if (m == null) {
                return;
            }
            for (Consumer o : consumers.values()) {
                if (ConsumerAcks.needAck(o, seq, m.subject())) {
                    return;
                }
            }
            stream.removeNow(seq, false);
        }
    }

    /**
     * The consumers a snapshot carries, their state taken on the executor. As nats-server, whose
     * snapshot holds the consumers kept in its file store, a consumer of a file stream kept in
     * memory ({@code mem_storage}) is left out. From a pool thread.
     */
    List<SnapshotFormat.SnapshotConsumer> snapshot() {
        return stream.executor().call(() -> {
            List<SnapshotFormat.SnapshotConsumer> list = new java.util.ArrayList<>();
            for (Consumer o : consumers.values()) {
                ConsumerConfig c = o.config;
                if (c.direct() || (c.memStorage() && !stream.config().isMemory())) {
                    continue;
                }
                list.add(new SnapshotFormat.SnapshotConsumer(o.name, c, o.createdNanos, ConsumerStore.state(o)));
            }
            return list;
        });
    }

    /**
     * Brings back the consumers of a restored snapshot, before the stream takes messages, as
     * nats-server's RestoreStream: ephemerals come back as ephemerals, so their inactivity
     * threshold removes them unless a client uses them. From the API thread.
     */
    void restore(List<SnapshotFormat.SnapshotConsumer> restored) {
        stream.executor().call(() -> {
            for (SnapshotFormat.SnapshotConsumer r : restored) {
                ConsumerConfig c = recovered(r.config(), r.name());
                ConsumerStore store = persisted(c) ? new ConsumerStore(ConsumerStore.directory(stream, r.name())) : null;
                Consumer o = new Consumer(this, stream, r.name(), c, r.createdNanos(), store);
                ConsumerStore.readState(o, r.state());
                if (store != null) {
                    store.writeMeta(c, o.createdNanos);
                    store.writeState(r.state());
                }
                consumers.put(r.name(), o);
                o.scheduleAckCheck(0);
                o.scheduleInactiveCheck();
            }
            return null;
        });
    }

    /**
     * Brings back the consumers kept in {@code <stream dir>/obs/}, before the stream takes
     * messages; ephemerals come back as ephemerals, removed after their inactive threshold
     * unless a client uses them (push: subscribes to the deliver subject), as in nats-server.
     */
    void recover() {
        Path obs = stream.directory().resolve("obs");
        if (!Files.isDirectory(obs)) {
            return;
        }
        try (var dirs = Files.list(obs)) {
            for (Path dir : dirs.sorted().toList()) {
                try {
                    Object[] meta = ConsumerStore.readMeta(dir);
                    if (meta == null) {
                        continue;
                    }
                    String name = dir.getFileName().toString();
                    ConsumerConfig c = recovered((ConsumerConfig) meta[0], name);
                    ConsumerStore store = new ConsumerStore(dir);
                    Consumer o = new Consumer(this, stream, name, c, (Long) meta[1], store);
                    stream.executor().call(() -> {
                        try {
                            if (!store.restore(o)) {
                                o.selectStart();
                            }
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                        consumers.put(name, o);
                        o.scheduleAckCheck(0);
                        o.scheduleInactiveCheck();
                        return null;
                    });
                } catch (IOException | RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "Error recreating consumer \"" + dir.getFileName()
                            + "\" of stream " + stream.name() + ": " + e);
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "Error reading consumers of stream " + stream.name() + ": " + e);
        }
    }
}
