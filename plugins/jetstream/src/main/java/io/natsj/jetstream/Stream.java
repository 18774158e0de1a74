package io.natsj.jetstream;

import io.natsj.spi.service.ServiceMessage;
import io.natsj.spi.service.ServiceSubscription;
import io.natsj.spi.store.StoreException;
import io.natsj.spi.store.StoredMessage;
import io.natsj.spi.store.StreamState;
import io.natsj.spi.store.StreamStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One stream: its configuration, its store and the publish path. Messages arrive on network
 * loops and are queued to the stream's {@link SerialExecutor}, which checks headers and limits
 * as nats-server's processJetStreamMsg does, appends, and leaves the acknowledgement to the
 * store's durability listener. Every change to the store runs on that executor.
 *
 * <p>Consumers (next issue) read through {@link #store()} ({@code loadNext},
 * {@code countMatching}) and are told of new messages by {@link #lastSequence()}.
 */
final class Stream {

    private static final System.Logger LOG = System.getLogger("io.natsj.jetstream");
    private static final byte[] NO_HEADERS = new byte[0];

    private final AccountJetStream account;
    private final String name;
    private final long createdNanos;
    private final StreamStore store;
    private final Path directory;
    private final SerialExecutor executor;
    private final List<ServiceSubscription> subscriptions = new ArrayList<>();
    private volatile StreamConfig config;
    /** The config's republish directive, or null; read on the executor. */
    private volatile Republish republish;
    private final PubAcks acks;

    // Touched only on the executor.
    private final Dedupe dedupe = new Dedupe();
    private final StreamLimits limits = new StreamLimits(this);
    private final MirrorAppend mirrorAppend = new MirrorAppend(this);
    /** Bytes the store holds as its kind counts them, kept in step for account limits. */
    private volatile long bytes;
    private volatile long messages;
    /** The last sequence assigned; changes only on the executor, read anywhere. */
    private volatile long lastSequence;
    private volatile boolean closed;
    /** The mirror or sources; set and changed on the executor. */
    private volatile Sourcing sourcing;

    Stream(AccountJetStream account, StreamConfig config, long createdNanos, StreamStore store, Path directory,
           SerialExecutor executor) {
        this.account = account;
        this.name = config.name();
        this.config = config;
        this.republish = Republish.of(config);
        this.createdNanos = createdNanos;
        this.store = store;
        this.directory = directory;
        this.executor = executor;
        // Once the queue is empty the store may sync on this thread instead of handing it over.
        executor.onIdle(store::appendsIdle);
        this.acks = new PubAcks(account, config.name());
        StreamState s = store.state();
        this.bytes = s.bytes();
        this.messages = s.messages();
        this.lastSequence = s.lastSequence();
    }

    String name() {
        return name;
    }

    AccountJetStream account() {
        return account;
    }

    StreamConfig config() {
        return config;
    }

    long createdNanos() {
        return createdNanos;
    }

    StreamStore store() {
        return store;
    }

    Path directory() {
        return directory;
    }

    SerialExecutor executor() {
        return executor;
    }

    long bytes() {
        return bytes;
    }

    long messages() {
        return messages;
    }

    /** @return the last sequence assigned */
    long lastSequence() {
        return lastSequence;
    }

    /** Subscribes the stream's subjects and starts the age timer; called once it is registered. */
    void start() {
        executor.execute(() -> dedupe.rebuild(store, config.duplicateWindow()));
        subscribe();
        executor.execute(limits::scheduleExpiry);
    }

    private void subscribe() {
        for (String subject : config.subjects()) {
            subscriptions.add(account.connection().subscribe(subject, null, this::onMessage));
        }
    }

    private void unsubscribe() {
        subscriptions.forEach(ServiceSubscription::unsubscribe);
        subscriptions.clear();
    }

    /** The mirrored append ({@link MirrorAppend}); used on the executor. */
    MirrorAppend mirrorAppend() {
        return mirrorAppend;
    }

    StreamLimits limits() {
        return limits;
    }

    /** On the executor: the last sequence moved by a mirrored append or skip. */
    void lastSequence(long seq) {
        lastSequence = seq;
    }

    /** On the executor: a source's message, stored as a publish without a reply. */
    boolean storeSourced(String subject, byte[] hdr, byte[] payload) {
        return process(new ServiceMessage(subject, "", hdr, payload, null));
    }

    /** Starts the mirror or sources, once the account answers its API. */
    void startSourcing() {
        if (config.sourced()) {
            executor.call(() -> {
                if (!closed && sourcing == null && config.sourced()) {
                    sourcing = Sourcing.start(this);
                }
                return null;
            });
        }
    }

    /** @return the mirror and sources, or null when the stream has none */
    Sourcing sourcing() {
        return sourcing;
    }

    private void stopSourcing() {
        Sourcing s = sourcing;
        sourcing = null;
        if (s != null) {
            s.stop();
        }
    }

    /** On a network loop: queue the message; disk work never runs here. */
    private void onMessage(ServiceMessage m) {
        if (!closed) {
            executor.execute(() -> process(m));
        }
    }

    private boolean process(ServiceMessage m) {
        if (closed) {
            return false;
        }
        StreamConfig cfg = config;
        String reply = m.reply();
        boolean respond = !cfg.noAck() && reply != null && !reply.isEmpty();
        if (cfg.sealed()) {
            acks.fail(reply, reply != null, ApiError.STREAM_SEALED);
            return false;
        }
        byte[] hdr = m.headers();
        String subject = m.subject();
        String msgId = null;
        boolean rollupSubject = false;
        boolean rollupAll = false;
        if (hdr != null && hdr.length > 0) {
            String expectedStream = MsgHeaders.get(hdr, MsgHeaders.EXPECTED_STREAM);
            if (expectedStream != null && !expectedStream.equals(name)) {
                acks.fail(reply, respond, ApiError.STREAM_NOT_MATCH);
                return false;
            }
            msgId = MsgHeaders.get(hdr, MsgHeaders.MSG_ID);
            if (msgId != null) {
                long[] seen = dedupe.find(msgId, cfg.duplicateWindow());
                if (seen != null) {
                    if (respond) {
                        acks.duplicate(reply, seen[0]);
                    }
                    return true;
                }
            }
            String bySubject = MsgHeaders.get(hdr, MsgHeaders.EXPECTED_LAST_SUBJECT_SEQ);
            if (bySubject != null) {
                StoredMessage last = store.loadLast(subject);
                long fseq = last == null ? 0 : last.sequence();
                if (fseq != MsgHeaders.parseSequence(bySubject)) {
                    acks.fail(reply, respond, ApiError.wrongLastSequence(fseq));
                    return false;
                }
            }
            String lastSeq = MsgHeaders.get(hdr, MsgHeaders.EXPECTED_LAST_SEQ);
            long current = lastSequence;
            if (lastSeq != null && MsgHeaders.parseSequence(lastSeq) != current) {
                acks.fail(reply, respond, ApiError.wrongLastSequence(current));
                return false;
            }
            String lastId = MsgHeaders.get(hdr, MsgHeaders.EXPECTED_LAST_MSG_ID);
            if (lastId != null && !lastId.equals(dedupe.lastMsgId())) {
                acks.fail(reply, respond, ApiError.wrongLastMsgId(dedupe.lastMsgId()));
                return false;
            }
            String rollup = MsgHeaders.get(hdr, MsgHeaders.ROLLUP);
            if (rollup != null) {
                if (!cfg.allowRollup() || cfg.denyPurge()) {
                    acks.fail(reply, respond, ApiError.rollupFailed("rollup not permitted"));
                    return false;
                }
                switch (rollup.toLowerCase(java.util.Locale.ROOT)) {
                    case "sub" -> rollupSubject = true;
                    case "all" -> rollupAll = true;
                    default -> {
                        return false;
                    }
                }
            }
        }
        int hdrLen = hdr == null ? 0 : hdr.length;
        if (cfg.maxMsgSize() >= 0 && hdrLen + m.payload().length > cfg.maxMsgSize()) {
            acks.fail(reply, respond, ApiError.MESSAGE_EXCEEDS_MAXIMUM);
            return false;
        }
        if (hdrLen > 0xFFFF) {
            acks.fail(reply, respond, ApiError.HEADER_EXCEEDS_MAXIMUM);
            return false;
        }
        if (account.service().limitsExceeded(cfg.isMemory())) {
            acks.fail(reply, respond, ApiError.INSUFFICIENT_RESOURCES);
            return false;
        }
        String discarded = limits.discardNew(cfg, subject, hdrLen + m.payload().length);
        if (discarded != null) {
            acks.fail(reply, respond, ApiError.storeFailed(discarded));
            return false;
        }
        long size = MessageSize.of(cfg.isMemory(), subject, hdr, m.payload());
        if (account.limitsExceeded(this, cfg.isMemory(), size)) {
            acks.fail(reply, respond, ApiError.ACCOUNT_RESOURCES_EXCEEDED);
            return false;
        }
        long now = nowNanos();
        if (StreamConfig.INTEREST.equals(cfg.retention()) && !hasInterest(subject)) {
            // nats-server's interest retention without a consumer for the subject: the sequence
            // is used up and acknowledged, nothing is stored.
            long skipped = lastSequence + 1;
            store.skipTo(skipped + 1);
            lastSequence = skipped;
            // nats-server 2.9.10 records a skipped message's id with sequence 0, so a
            // duplicate of it is acknowledged as seq 0.
            dedupe.record(msgId, 0, now);
            if (respond) {
                acks.success(reply, skipped);
            }
            return true;
        }
        Republish rp = republish;
        String republishTo = rp == null ? null : rp.match(subject);
        long subjectLast = 0;
        if (republishTo != null) {
            // The subject's previous sequence, read before the append: lets a plain subscriber
            // of the republished subject notice a gap.
            StoredMessage last = store.loadLast(subject);
            subjectLast = last == null ? 0 : last.sequence();
        }
        long seq;
        PubAcks.Gate gate = respond ? acks.gate(reply) : null;
        try {
            seq = store.append(subject, hdr == null ? NO_HEADERS : hdr, m.payload(), now,
                    respond ? gate : (s, err) -> { });
        } catch (StoreException e) {
            // As nats-server: logged, answered with 10077 and the store's error (a full disk
            // included), nothing stored and the sequence not used; the next publish tries again.
            LOG.log(System.Logger.Level.ERROR, "JetStream failed to store a msg on stream '" + account.name() + " > "
                    + name + "': " + e.getMessage());
            acks.fail(reply, respond, ApiError.storeFailed(e.getMessage()));
            return false;
        }
        try {
            stored(cfg, subject, msgId, seq, now, size, rollupSubject, rollupAll);
            if (republishTo != null) {
                // As nats-server: after the rollup, before the PubAck leaves.
                account.connection().publish(republishTo, "",
                        rp.headers(hdr, name, subject, seq, subjectLast, m.payload().length),
                        rp.headersOnly() ? NO_HEADERS : m.payload());
            }
        } finally {
            if (gate != null) {
                gate.open();
            }
        }
        return true;
    }

    /** Bookkeeping after an append, done before the acknowledgement may leave. */
    void stored(StreamConfig cfg, String subject, String msgId, long seq, long now, long size,
                        boolean rollupSubject, boolean rollupAll) {
        grow(size, 1);
        lastSequence = seq;
        dedupe.record(msgId, seq, now);
        if (rollupSubject) {
            purgeNow(subject, 0, 1);
        } else if (rollupAll) {
            purgeNow(null, 0, 1);
        }
        limits.enforce(cfg, subject);
        account.newMessage(this, seq);
    }

    /**
     * @return true when a consumer of the stream would take a message on this subject;
     *         consumers come with the next issue, so none does yet
     */
    private boolean hasInterest(String subject) {
        return account.hasConsumerInterest(this, subject);
    }

    /** Removes a message and keeps the counters right (limits, expiry). */
    boolean removeCounted(StoredMessage m) {
        if (store.remove(m.sequence(), false)) {
            grow(-MessageSize.of(config.isMemory(), m), -1);
            return true;
        }
        return false;
    }

    boolean isClosed() {
        return closed;
    }

    private void grow(long deltaBytes, long deltaMessages) {
        bytes += deltaBytes;
        messages += deltaMessages;
        account.usage(this, config.isMemory(), deltaBytes);
    }

    /** Re-reads bytes and messages from the store after a bulk change. */
    private void resync() {
        StreamState s = store.state();
        long delta = s.bytes() - bytes;
        bytes = s.bytes();
        messages = s.messages();
        account.usage(this, config.isMemory(), delta);
    }

    /** On the executor: purge and keep the counters right. */
    long purgeNow(String filter, long before, long keep) {
        long n = store.purge(filter, before, keep);
        resync();
        return n;
    }

    long compactNow(long sequence) {
        long n = store.compact(sequence);
        resync();
        return n;
    }

    boolean removeNow(long sequence, boolean erase) {
        StoredMessage m = store.load(sequence);
        if (m == null || !store.remove(sequence, erase)) {
            return false;
        }
        grow(-MessageSize.of(config.isMemory(), m), -1);
        return true;
    }

    /** On the executor: apply an updated config (limits now, subjects re-subscribed). */
    void updateNow(StreamConfig next) {
        StreamConfig old = config;
        config = next;
        republish = Republish.of(next);
        if (!old.subjects().equals(next.subjects())) {
            unsubscribe();
            subscribe();
        }
        limits.enforceAll(next);
        limits.scheduleExpiry();
        if (sourcing != null) {
            sourcing.update(next);
        } else if (next.sourced()) {
            sourcing = Sourcing.start(this);
        }
    }

    /** @return the wall clock in nanoseconds since the epoch (microsecond precision on Linux) */
    static long nowNanos() {
        java.time.Instant i = java.time.Instant.now();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    /** Stops taking messages and closes the store (server shutdown). */
    void close() {
        closed = true;
        unsubscribe();
        executor.call(() -> {
            stopSourcing();
            limits.cancelExpiry();
            store.close();
            return null;
        });
    }

    /** Stops taking messages and removes everything the stream kept. */
    void delete() {
        closed = true;
        unsubscribe();
        executor.call(() -> {
            stopSourcing();
            limits.cancelExpiry();
            account.usage(this, config.isMemory(), -bytes);
            bytes = 0;
            store.delete();
            return null;
        });
    }
}
