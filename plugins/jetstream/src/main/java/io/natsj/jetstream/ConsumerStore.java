package io.natsj.jetstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;

/**
 * A consumer of a file stream on disk (durable or ephemeral, as nats-server keeps both), in {@code <stream dir>/obs/<name>/}:
 * {@code meta.json} (config and creation time) and {@code state.json} (delivered and
 * ack-floor sequences, pending messages with their delivery sequence and time, redelivery
 * counts). Each file is written whole to a temporary file, forced and renamed, so a crash
 * leaves the old or the new one. State changes are written at most a second later; an ack
 * with a reply subject writes them at once, before the reply leaves (natsj's rule that an
 * acknowledgement means durable). On the stream's executor.
 */
final class ConsumerStore {

    private static final System.Logger LOG = System.getLogger("io.natsj.jetstream");
    private static final long FLUSH_DELAY_MS = 1000;

    private final Path dir;
    private boolean dirty;
    private boolean scheduled;

    ConsumerStore(Path dir) {
        this.dir = dir;
    }

    static Path directory(Stream s, String consumer) {
        return s.directory().resolve("obs").resolve(consumer);
    }

    Path dir() {
        return dir;
    }

    /** Writes the config; on create and update. */
    void writeMeta(ConsumerConfig config, long created) {
        ObjectNode n = Json.object();
        n.set("config", config.toJson());
        n.put("created", created);
        write("meta.json", Json.bytes(n));
    }

    /** Marks the state changed and writes it within a second. */
    void changed(Consumer o) {
        dirty = true;
        if (!scheduled && !o.closed) {
            scheduled = true;
            o.stream.account().service().timer().schedule(() -> o.stream.executor().execute(() -> {
                scheduled = false;
                if (dirty && !o.closed) {
                    flush(o);
                }
            }), FLUSH_DELAY_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** Writes the state now, forced to disk, when it changed. */
    void flush(Consumer o) {
        if (!dirty) {
            return;
        }
        dirty = false;
        ObjectNode n = state(o);
        write("state.json", Json.bytes(n));
    }

    /** The consumer's state as kept in {@code state.json} and carried in snapshots; on the executor. */
    static ObjectNode state(Consumer o) {
        ObjectNode n = Json.object();
        n.put("dseq", o.dseq);
        n.put("sseq", o.sseq);
        n.put("adflr", o.adflr);
        n.put("asflr", o.asflr);
        n.put("last_delivered", o.lastDelivered);
        n.put("last_acked", o.lastAcked);
        ArrayNode p = n.putArray("pending");
        o.acks.pending.forEach((seq, v) -> p.addArray().add(seq).add(v.dseq).add(v.ts));
        ArrayNode r = n.putArray("redelivered");
        o.acks.redelivered.forEach((seq, count) -> r.addArray().add(seq).add(count));
        return n;
    }

    /** Sets the consumer's state from {@link #state}'s form; on the executor. */
    static void readState(Consumer o, JsonNode n) {
        o.dseq = n.path("dseq").asLong(1);
        o.sseq = n.path("sseq").asLong(1);
        o.adflr = n.path("adflr").asLong();
        o.asflr = n.path("asflr").asLong();
        o.lastDelivered = n.path("last_delivered").asLong();
        o.lastAcked = n.path("last_acked").asLong();
        for (JsonNode e : n.path("pending")) {
            o.acks.pending.put(e.get(0).asLong(), new AckTracker.Pending(e.get(1).asLong(), e.get(2).asLong()));
        }
        for (JsonNode e : n.path("redelivered")) {
            o.acks.redelivered.put(e.get(0).asLong(), e.get(1).asLong());
        }
    }

    /** Writes a state given in {@link #state}'s form, forced; for a consumer brought back by a restore. */
    void writeState(JsonNode state) {
        write("state.json", Json.bytes(state));
    }

    /** @return true when a state was read into the consumer */
    boolean restore(Consumer o) throws IOException {
        Path f = dir.resolve("state.json");
        if (!Files.exists(f)) {
            return false;
        }
        readState(o, Json.MAPPER.readTree(Files.readAllBytes(f)));
        return true;
    }

    /** @return the config and creation time kept, or null when the directory holds none */
    static Object[] readMeta(Path dir) throws IOException {
        Path f = dir.resolve("meta.json");
        if (!Files.exists(f)) {
            return null;
        }
        JsonNode n = Json.MAPPER.readTree(Files.readAllBytes(f));
        return new Object[] {ConsumerConfig.parse(n.get("config")), n.path("created").asLong()};
    }

    private void write(String name, byte[] bytes) {
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(name + ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(bytes));
                ch.force(true);
            }
            Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException ignored) {
                // Some file systems refuse to open a directory; the rename is then as durable as they make it.
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "Error writing consumer state in " + dir + ": " + e);
            throw new UncheckedIOException(e);
        }
    }

    /** Removes everything kept for the consumer. */
    void delete() {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Error removing consumer directory " + dir + ": " + e);
        }
    }
}
