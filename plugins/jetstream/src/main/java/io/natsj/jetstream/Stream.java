package io.natsj.jetstream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.natsj.spi.service.ServiceMessage;
import io.natsj.spi.service.ServiceSubscription;
import io.natsj.spi.store.StoreException;
import io.natsj.spi.store.StoredMessage;
import io.natsj.spi.store.StreamState;
import io.natsj.spi.store.StreamStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

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

    private final AccountJetStream account;
    private final String name;
    private final long createdNanos;
    private final StreamStore store;
    private final Path directory;
    private final SerialExecutor executor;
    private final List<ServiceSubscription> subscriptions = new ArrayList<>();
    private volatile StreamConfig config;
    private byte[] ackPrefix;

    // Touched only on the executor.
    private final Map<String, long[]> dedupe = new LinkedHashMap<>();
    private String lastMsgId = "";
    private ScheduledFuture<?> expiry;
    /** Bytes the store holds as its kind counts them, kept in step for account limits. */
    private volatile long bytes;
    private volatile long messages;
    /** The last sequence assigned; changes only on the executor, read anywhere. */
    private volatile long lastSequence;
    private volatile boolean closed;

    Stream(AccountJetStream account, StreamConfig config, long createdNanos, StreamStore store, Path directory,
           SerialExecutor executor) {
        this.account = account;
        this.name = config.name();
        this.config = config;
        this.createdNanos = createdNanos;
        this.store = store;
        this.directory = directory;
        this.executor = executor;
        this.ackPrefix = ackPrefix(account.domain());
        StreamState s = store.state();
        this.bytes = s.bytes();
        this.messages = s.messages();
        this.lastSequence = s.lastSequence();
    }

    private byte[] ackPrefix(String domain) {
        String quoted = new String(Json.bytes(name), StandardCharsets.UTF_8);
        String p = domain.isEmpty() ? "{\"stream\":" + quoted + ", \"seq\":"
                : "{\"stream\":" + quoted + ", \"domain\":" + new String(Json.bytes(domain), StandardCharsets.UTF_8)
                + ", \"seq\":";
        return p.getBytes(StandardCharsets.UTF_8);
    }

    String name() {
        return name;
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
        executor.execute(this::rebuildDedupe);
        subscribe();
        executor.execute(this::scheduleExpiry);
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

    /** On a network loop: queue the message; disk work never runs here. */
    private void onMessage(ServiceMessage m) {
        if (!closed) {
            executor.execute(() -> process(m));
        }
    }

    private void process(ServiceMessage m) {
        if (closed) {
            return;
        }
        StreamConfig cfg = config;
        String reply = m.reply();
        boolean respond = !cfg.noAck() && reply != null && !reply.isEmpty();
        if (cfg.sealed()) {
            fail(reply, reply != null, ApiError.STREAM_SEALED);
            return;
        }
        byte[] hdr = m.headers();
        String subject = m.subject();
        String msgId = null;
        boolean rollupSubject = false;
        boolean rollupAll = false;
        if (hdr != null && hdr.length > 0) {
            String expectedStream = MsgHeaders.get(hdr, MsgHeaders.EXPECTED_STREAM);
            if (expectedStream != null && !expectedStream.equals(name)) {
                fail(reply, respond, ApiError.STREAM_NOT_MATCH);
                return;
            }
            msgId = MsgHeaders.get(hdr, MsgHeaders.MSG_ID);
            if (msgId != null) {
                long[] seen = duplicate(msgId);
                if (seen != null) {
                    if (respond) {
                        account.publish(reply, ack(seen[0], ",\"duplicate\": true}"));
                    }
                    return;
                }
            }
            String bySubject = MsgHeaders.get(hdr, MsgHeaders.EXPECTED_LAST_SUBJECT_SEQ);
            if (bySubject != null) {
                StoredMessage last = store.loadLast(subject);
                long fseq = last == null ? 0 : last.sequence();
                if (fseq != MsgHeaders.parseSequence(bySubject)) {
                    fail(reply, respond, ApiError.wrongLastSequence(fseq));
                    return;
                }
            }
            String lastSeq = MsgHeaders.get(hdr, MsgHeaders.EXPECTED_LAST_SEQ);
            long current = lastSequence;
            if (lastSeq != null && MsgHeaders.parseSequence(lastSeq) != current) {
                fail(reply, respond, ApiError.wrongLastSequence(current));
                return;
            }
            String lastId = MsgHeaders.get(hdr, MsgHeaders.EXPECTED_LAST_MSG_ID);
            if (lastId != null && !lastId.equals(lastMsgId)) {
                fail(reply, respond, ApiError.wrongLastMsgId(lastMsgId));
                return;
            }
            String rollup = MsgHeaders.get(hdr, MsgHeaders.ROLLUP);
            if (rollup != null) {
                if (!cfg.allowRollup() || cfg.denyPurge()) {
                    fail(reply, respond, ApiError.rollupFailed("rollup not permitted"));
                    return;
                }
                switch (rollup.toLowerCase(java.util.Locale.ROOT)) {
                    case "sub" -> rollupSubject = true;
                    case "all" -> rollupAll = true;
                    default -> {
                        return;
                    }
                }
            }
        }
        int hdrLen = hdr == null ? 0 : hdr.length;
        if (cfg.maxMsgSize() >= 0 && hdrLen + m.payload().length > cfg.maxMsgSize()) {
            fail(reply, respond, ApiError.MESSAGE_EXCEEDS_MAXIMUM);
            return;
        }
        if (hdrLen > 0xFFFF) {
            fail(reply, respond, ApiError.HEADER_EXCEEDS_MAXIMUM);
            return;
        }
        if (account.service().limitsExceeded(cfg.isMemory())) {
            fail(reply, respond, ApiError.INSUFFICIENT_RESOURCES);
            return;
        }
        String discarded = discardNew(cfg, subject, hdrLen + m.payload().length);
        if (discarded != null) {
            fail(reply, respond, ApiError.storeFailed(discarded));
            return;
        }
        long size = MessageSize.of(cfg.isMemory(), subject, hdr, m.payload());
        if (account.limitsExceeded(cfg.isMemory(), size)) {
            fail(reply, respond, ApiError.ACCOUNT_RESOURCES_EXCEEDED);
            return;
        }
        long now = nowNanos();
        if (StreamConfig.INTEREST.equals(cfg.retention()) && !hasInterest(subject)) {
            // nats-server's interest retention without a consumer for the subject: the sequence
            // is used up and acknowledged, nothing is stored.
            long skipped = lastSequence + 1;
            store.skipTo(skipped + 1);
            lastSequence = skipped;
            lastMsgId = msgId == null ? "" : msgId;
            if (msgId != null) {
                // nats-server 2.9.10 records a skipped message's id with sequence 0, so a
                // duplicate of it is acknowledged as seq 0.
                dedupe.put(msgId, new long[] {0, now});
            }
            if (respond) {
                account.publish(reply, ack(skipped, "}"));
            }
            return;
        }
        long seq;
        try {
            seq = store.append(subject, hdr == null ? new byte[0] : hdr, m.payload(), now,
                    respond ? (s, err) -> acked(reply, s, err) : (s, err) -> { });
        } catch (StoreException e) {
            fail(reply, respond, ApiError.storeFailed(e.getMessage()));
            return;
        }
        grow(size, 1);
        lastSequence = seq;
        lastMsgId = msgId == null ? "" : msgId;
        if (msgId != null) {
            dedupe.put(msgId, new long[] {seq, now});
        }
        if (rollupSubject) {
            purgeNow(subject, 0, 1);
        } else if (rollupAll) {
            purgeNow(null, 0, 1);
        }
        enforceLimits(cfg, subject);
        account.newMessage(this, seq);
    }

    /**
     * @return true when a consumer of the stream would take a message on this subject;
     *         consumers come with the next issue, so none does yet
     */
    private boolean hasInterest(String subject) {
        return account.hasConsumerInterest(this, subject);
    }

    private void acked(String reply, long seq, StoreException err) {
        if (err != null) {
            fail(reply, true, ApiError.storeFailed(err.getMessage()));
        } else {
            account.publish(reply, ack(seq, "}"));
        }
    }

    private byte[] ack(long seq, String tail) {
        byte[] s = (seq + tail).getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[ackPrefix.length + s.length];
        System.arraycopy(ackPrefix, 0, out, 0, ackPrefix.length);
        System.arraycopy(s, 0, out, ackPrefix.length, s.length);
        return out;
    }

    private void fail(String reply, boolean respond, ApiError error) {
        if (!respond || reply == null || reply.isEmpty()) {
            return;
        }
        ObjectNode n = Json.object();
        n.set("error", Json.MAPPER.valueToTree(error));
        n.put("stream", name);
        n.put("seq", 0);
        // nats-server's error acks name the stream only, never the domain.
        account.publish(reply, Json.bytes(n));
    }

    /** @return the store's error text when discard new refuses the message, else null */
    private String discardNew(StreamConfig cfg, String subject, long length) {
        if (!cfg.discardNew()) {
            return null;
        }
        boolean atSubjectLimit = cfg.maxMsgsPerSubject() > 0
                && store.countMatching(subject, 0) >= cfg.maxMsgsPerSubject();
        if (atSubjectLimit && cfg.discardNewPerSubject()) {
            return "maximum messages per subject exceeded";
        }
        if (cfg.maxMsgs() > 0 && messages >= cfg.maxMsgs() && !atSubjectLimit) {
            return "maximum messages exceeded";
        }
        if (cfg.maxBytes() > 0 && bytes + length >= cfg.maxBytes()) {
            if (!atSubjectLimit) {
                return "maximum bytes exceeded";
            }
            StoredMessage oldest = store.loadNext(subject, 0);
            if (oldest == null || MessageSize.of(cfg.isMemory(), oldest) < length) {
                return "maximum bytes exceeded";
            }
        }
        return null;
    }

    /** Removes what the limits no longer allow, oldest first (discard old, and per subject). */
    private void enforceLimits(StreamConfig cfg, String subject) {
        if (cfg.maxMsgsPerSubject() > 0) {
            long over = store.countMatching(subject, 0) - cfg.maxMsgsPerSubject();
            for (long i = 0; i < over; i++) {
                StoredMessage oldest = store.loadNext(subject, 0);
                if (oldest == null || !removeCounted(oldest)) {
                    break;
                }
            }
        }
        if (cfg.discardNew()) {
            return;
        }
        while ((cfg.maxMsgs() > 0 && messages > cfg.maxMsgs()) || (cfg.maxBytes() > 0 && bytes > cfg.maxBytes())) {
            StoredMessage first = store.loadNext(null, 0);
            if (first == null || !removeCounted(first)) {
                break;
            }
        }
    }

    private boolean removeCounted(StoredMessage m) {
        if (store.remove(m.sequence(), false)) {
            grow(-MessageSize.of(config.isMemory(), m), -1);
            return true;
        }
        return false;
    }

    private void grow(long deltaBytes, long deltaMessages) {
        bytes += deltaBytes;
        messages += deltaMessages;
        account.usage(config.isMemory(), deltaBytes);
    }

    /** Re-reads bytes and messages from the store after a bulk change. */
    private void resync() {
        StreamState s = store.state();
        long delta = s.bytes() - bytes;
        bytes = s.bytes();
        messages = s.messages();
        account.usage(config.isMemory(), delta);
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
        if (!old.subjects().equals(next.subjects())) {
            unsubscribe();
            subscribe();
        }
        enforceAllLimits(next);
        scheduleExpiry();
    }

    private void enforceAllLimits(StreamConfig cfg) {
        if (cfg.maxMsgsPerSubject() > 0) {
            for (Map.Entry<String, Long> e : store.subjectCounts(null).entrySet()) {
                if (e.getValue() > cfg.maxMsgsPerSubject()) {
                    enforceLimits(cfg, e.getKey());
                }
            }
        }
        enforceLimits(cfg, null);
    }

    private long[] duplicate(String msgId) {
        long window = config.duplicateWindow();
        long cutoff = nowNanos() - window;
        Iterator<long[]> it = dedupe.values().iterator();
        while (it.hasNext()) {
            if (it.next()[1] < cutoff) {
                it.remove();
            } else {
                break;
            }
        }
        return window > 0 ? dedupe.get(msgId) : null;
    }

    /** After a restart, the ids of messages inside the window are known again, as in nats-server. */
    private void rebuildDedupe() {
        long cutoff = nowNanos() - config.duplicateWindow();
        StoredMessage m = store.loadNext(null, 0);
        while (m != null) {
            if (m.timestampNanos() >= cutoff && m.headers().length > 0) {
                String id = MsgHeaders.get(m.headers(), MsgHeaders.MSG_ID);
                if (id != null) {
                    dedupe.put(id, new long[] {m.sequence(), m.timestampNanos()});
                }
                lastMsgId = id == null ? "" : id;
            }
            m = store.loadNext(null, m.sequence() + 1);
        }
    }

    /** max_age: one timer for when the oldest message expires, never a check per publish. */
    private void scheduleExpiry() {
        if (expiry != null) {
            expiry.cancel(false);
            expiry = null;
        }
        long maxAge = config.maxAge();
        if (maxAge <= 0 || closed) {
            return;
        }
        long now = nowNanos();
        StoredMessage first = store.loadNext(null, 0);
        long delay = first == null ? maxAge : Math.max(1_000_000L, first.timestampNanos() + maxAge - now);
        expiry = account.service().timer().schedule(() -> executor.execute(this::expire), delay, TimeUnit.NANOSECONDS);
    }

    private void expire() {
        if (closed) {
            return;
        }
        long cutoff = nowNanos() - config.maxAge();
        StoredMessage first = store.loadNext(null, 0);
        while (first != null && first.timestampNanos() <= cutoff) {
            removeCounted(first);
            first = store.loadNext(null, first.sequence() + 1);
        }
        scheduleExpiry();
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
            if (expiry != null) {
                expiry.cancel(false);
            }
            store.close();
            return null;
        });
    }

    /** Stops taking messages and removes everything the stream kept. */
    void delete() {
        closed = true;
        unsubscribe();
        executor.call(() -> {
            if (expiry != null) {
                expiry.cancel(false);
            }
            account.usage(config.isMemory(), -bytes);
            bytes = 0;
            store.delete();
            return null;
        });
    }
}
