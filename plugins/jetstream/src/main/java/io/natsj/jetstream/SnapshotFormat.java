package io.natsj.jetstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * natsj's stream snapshot: a small header the engine writes, then the store's own snapshot
 * ({@link io.natsj.spi.store.StreamStore#snapshot}).
 *
 * <pre>
 * int  magic "NJSN", byte version (2)
 * int  length, then {@link StreamMeta} as JSON (the config and creation time of the stream)
 * int  length, then the consumers as a JSON array of {name, config, created, state}, state in
 *      {@link ConsumerStore#state}'s form (version 2; version 1 has no consumers)
 * the store's snapshot bytes, in the format of the provider of the config's {@code storage}
 * </pre>
 *
 * nats-server's snapshot is an s2-compressed tar of its files ({@code meta.inf}, {@code msgs/},
 * and per consumer {@code obs/<name>/meta.inf} and {@code o.dat}); the two servers do not read
 * each other's snapshots, only the exchange that carries them is the same. Like nats-server,
 * natsj takes the consumers' state in the same snapshot, so a restore brings them back.
 */
final class SnapshotFormat {

    private static final int MAGIC = 0x4E4A534E; // "NJSN"
    private static final int VERSION = 2;
    private static final int VERSION_WITHOUT_CONSUMERS = 1;
    /** A stream config is a few kilobytes; anything far larger is not a natsj snapshot. */
    private static final int MAX_META = 1 << 20;
    /** Consumer states list their pending messages: bounded by max_ack_pending, still large. */
    private static final int MAX_CONSUMERS = 1 << 30;

    /** A consumer as a snapshot carries it. */
    record SnapshotConsumer(String name, ConsumerConfig config, long createdNanos, JsonNode state) {
    }

    /** What precedes the store's bytes. */
    record Header(StreamMeta meta, List<SnapshotConsumer> consumers) {
    }

    private SnapshotFormat() {
    }

    static void writeHeader(OutputStream target, StreamConfig config, long createdNanos,
                            List<SnapshotConsumer> consumers) throws IOException {
        DataOutputStream out = new DataOutputStream(target);
        byte[] meta = Json.bytes(new StreamMeta(config, createdNanos));
        out.writeInt(MAGIC);
        out.writeByte(VERSION);
        out.writeInt(meta.length);
        out.write(meta);
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (SnapshotConsumer c : consumers) {
            ObjectNode n = list.addObject();
            n.put("name", c.name());
            n.set("config", c.config().toJson());
            n.put("created", c.createdNanos());
            n.set("state", c.state());
        }
        byte[] obs = Json.bytes(list);
        out.writeInt(obs.length);
        out.write(obs);
        out.flush();
    }

    /**
     * Reads the header, leaving {@code in} at the store's bytes.
     *
     * @throws IOException when it is not a natsj snapshot (the message is the restore error)
     */
    static Header readHeader(InputStream source) throws IOException {
        DataInputStream in = new DataInputStream(source);
        int magic;
        int version;
        try {
            magic = in.readInt();
            version = in.readUnsignedByte();
        } catch (java.io.EOFException e) {
            throw new IOException("snapshot is empty or cut short");
        }
        if (magic != MAGIC) {
            throw new IOException("not a natsj stream snapshot");
        }
        if (version != VERSION && version != VERSION_WITHOUT_CONSUMERS) {
            throw new IOException("unsupported snapshot version " + version);
        }
        int length = in.readInt();
        if (length <= 0 || length > MAX_META) {
            throw new IOException("damaged snapshot header");
        }
        byte[] meta = in.readNBytes(length);
        if (meta.length < length) {
            throw new IOException("snapshot is cut short");
        }
        StreamMeta m;
        try {
            m = Json.MAPPER.readValue(meta, StreamMeta.class);
        } catch (IOException e) {
            throw new IOException("damaged snapshot header");
        }
        if (m == null || m.config() == null) {
            throw new IOException("damaged snapshot header");
        }
        if (version == VERSION_WITHOUT_CONSUMERS) {
            return new Header(m, List.of());
        }
        return new Header(m, readConsumers(in));
    }

    private static List<SnapshotConsumer> readConsumers(DataInputStream in) throws IOException {
        int length;
        try {
            length = in.readInt();
        } catch (java.io.EOFException e) {
            throw new IOException("snapshot is cut short");
        }
        if (length <= 0 || length > MAX_CONSUMERS) {
            throw new IOException("damaged snapshot header");
        }
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new IOException("snapshot is cut short");
        }
        List<SnapshotConsumer> consumers = new ArrayList<>();
        try {
            for (JsonNode n : Json.MAPPER.readTree(bytes)) {
                String name = n.path("name").asText("");
                if (name.isEmpty() || !n.path("config").isObject() || !n.path("state").isObject()) {
                    throw new IOException("damaged consumer in snapshot");
                }
                consumers.add(new SnapshotConsumer(name, ConsumerConfig.parse(n.get("config")),
                        n.path("created").asLong(), n.get("state")));
            }
        } catch (IOException | RuntimeException e) {
            throw new IOException("damaged consumer in snapshot");
        }
        return consumers;
    }
}
