package io.natsj.jetstream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.natsj.spi.service.PublisherInfo;
import io.natsj.spi.service.ServiceMessage;
import io.natsj.spi.service.ServiceSubscription;
import io.natsj.spi.store.StreamStore;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One restore in progress, as nats-server 2.9.10's processStreamRestore: chunks arriving on the
 * deliver subject are appended, in order and off the network loop, to a temporary file under
 * {@code <store_dir>/.snap-staging/} and each is acknowledged with an empty reply; an empty
 * chunk ends the transfer. The stream's name is then held ({@link AccountJetStream#reserveForRestore})
 * while a pool thread fills its store from the file, and the answer to the last chunk is the
 * stream's info as a {@code stream_create_response}, after the {@code RESTORE_COMPLETE}
 * advisory. A transfer idle for five seconds is dropped without an answer, as nats-server does.
 *
 * <p>Beyond nats-server, which only checks the configured {@code max_bytes} up front, the bytes
 * received are held against what the account may still store: a snapshot that cannot fit is
 * refused part way with the account's storage error rather than restored over the limit.
 */
final class RestoreSession {

    private static final System.Logger LOG = System.getLogger("io.natsj.jetstream");
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final byte[] EMPTY = new byte[0];

    private final AccountJetStream account;
    private final StreamConfig cfg;
    private final Path temp;
    private final PublisherInfo client;
    private final long startNanos = Stream.nowNanos();
    private final SerialExecutor executor;
    private volatile long lastActivity = System.nanoTime();
    private final OutputStream out;
    private volatile ServiceSubscription subscription;
    private volatile ScheduledFuture<?> stallCheck;
    // Touched only on the executor.
    private long total;
    private boolean done;
    private boolean keepTemp;

    /** @throws IOException when the temporary file cannot be opened */
    RestoreSession(AccountJetStream account, StreamConfig cfg, Path temp, PublisherInfo client) throws IOException {
        this.out = new BufferedOutputStream(Files.newOutputStream(temp), 64 * 1024);
        this.account = account;
        this.cfg = cfg;
        this.temp = temp;
        this.client = client;
        this.executor = new SerialExecutor(account.service().pool());
    }

    long startNanos() {
        return startNanos;
    }

    private String name() {
        return "'" + account.name() + " > " + cfg.name() + "'";
    }

    /** @return the subject the client sends chunks to */
    String open() {
        String subject = "$JS.SNAPSHOT.RESTORE." + cfg.name() + "." + Advisories.id();
        subscription = account.connection().subscribe(subject, null, m -> executor.execute(() -> chunk(m)));
        stallCheck = account.service().timer().scheduleWithFixedDelay(() -> executor.execute(this::checkStall),
                1, 1, TimeUnit.SECONDS);
        return subject;
    }

    private void chunk(ServiceMessage m) {
        if (done) {
            return;
        }
        lastActivity = System.nanoTime();
        String reply = m.reply();
        if (reply == null || reply.isEmpty()) {
            // nats-server's answer to this has nowhere to go: the restore just ends.
            stop();
            LOG.log(System.Logger.Level.WARNING, "restore for stream " + name()
                    + " requires reply subject for each chunk");
            SnapshotAdvisories.restoreComplete(account, cfg.name(), startNanos, Stream.nowNanos(), total, client);
            return;
        }
        byte[] chunk = m.payload();
        if (chunk.length == 0) {
            finish(reply);
            return;
        }
        total += chunk.length;
        if (account.limitsExceeded(null, cfg.isMemory(), total)) {
            fail(reply, cfg.isMemory() ? ApiError.MEMORY_RESOURCES : ApiError.STORAGE_RESOURCES);
            return;
        }
        try {
            out.write(chunk);
        } catch (IOException e) {
            fail(reply, StreamRestore.failed("storage failure during restore: " + e.getMessage()));
            return;
        }
        account.connection().publish(reply, "", null, EMPTY);
    }

    private void checkStall() {
        if (!done && System.nanoTime() - lastActivity > STALL_NANOS) {
            stop();
            LOG.log(System.Logger.Level.WARNING, "restore for stream " + name() + " is stalled");
        }
    }

    /** Ends the transfer: no more chunks are taken. */
    private boolean stop() {
        done = true;
        subscription.unsubscribe();
        stallCheck.cancel(false);
        try {
            out.close();
            return true;
        } catch (IOException e) {
            return false;
        } finally {
            deleteTempUnlessNeeded();
        }
    }

    private void deleteTempUnlessNeeded() {
        if (!keepTemp) {
            deleteTemp();
        }
    }

    private void deleteTemp() {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not remove " + temp + ": " + e);
        }
    }

    private void fail(String reply, ApiError error) {
        stop();
        complete(reply, error, null);
    }

    private void finish(String reply) {
        keepTemp = true;
        if (!stop()) {
            deleteTemp();
            complete(reply, StreamRestore.failed("storage failure during restore"), null);
            return;
        }
        account.service().apiExecutor().execute(() -> {
            try {
                account.reserveForRestore(cfg.name());
            } catch (ApiError.Failure f) {
                deleteTemp();
                complete(reply, f.error, null);
                return;
            }
            account.service().pool().execute(() -> fill(reply));
        });
    }

    /** On a pool thread: reads the staged snapshot into the stream's new store. */
    private void fill(String reply) {
        Path dir = account.streamDirectory(cfg.name());
        StreamStore store;
        long created;
        List<SnapshotFormat.SnapshotConsumer> consumers;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(temp), 64 * 1024)) {
            SnapshotFormat.Header header = SnapshotFormat.readHeader(in);
            StreamMeta meta = header.meta();
            consumers = header.consumers();
            if (!meta.config().name().equals(cfg.name())) {
                throw new IOException("stream names do not match");
            }
            if (Files.exists(dir)) {
                StreamMeta.remove(dir);
            }
            Files.createDirectories(dir);
            store = account.service().stores().restore(account, cfg, meta.config().storage(), dir.resolve("msgs"), in);
            created = meta.createdNanos();
        } catch (IOException | RuntimeException e) {
            StreamMeta.remove(dir);
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            LOG.log(System.Logger.Level.WARNING, "Restore failed for stream " + name() + ": " + why);
            account.service().apiExecutor().execute(() -> {
                account.restoreFailed(cfg.name());
                complete(reply, StreamRestore.failed(why), null);
            });
            return;
        } finally {
            deleteTemp();
        }
        StreamStore restored = store;
        long createdNanos = created;
        List<SnapshotFormat.SnapshotConsumer> restoredConsumers = consumers;
        account.service().apiExecutor().execute(() -> {
            Stream s;
            try {
                s = account.adoptRestored(cfg, createdNanos, restored, dir, restoredConsumers);
            } catch (ApiError.Failure f) {
                restored.delete();
                StreamMeta.remove(dir);
                complete(reply, f.error, null);
                return;
            }
            complete(reply, null, s);
        });
    }

    /** The advisory, then the answer to the last chunk: the stream's info or the error. */
    private void complete(String reply, ApiError error, Stream stream) {
        long end = Stream.nowNanos();
        SnapshotAdvisories.restoreComplete(account, cfg.name(), startNanos, end, total, client);
        ObjectNode n = JetStreamApi.typed("io.nats.jetstream.api.v1.stream_create_response");
        if (error != null) {
            n.set("error", Json.MAPPER.valueToTree(error));
            LOG.log(System.Logger.Level.WARNING, "Restore failed for " + total + " bytes for stream " + name()
                    + ": " + error.description());
        } else {
            StreamInfoJson.into(n, stream, false, "");
            LOG.log(System.Logger.Level.INFO, "Completed restore of " + total + " bytes for stream " + name()
                    + " in " + (end - startNanos) / 1_000_000 + "ms");
        }
        account.publish(reply, Json.bytes(n));
    }
}
