package io.natsj.jetstream;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * natsj's stream snapshot: a small header the engine writes, then the store's own snapshot
 * ({@link io.natsj.spi.store.StreamStore#snapshot}).
 *
 * <pre>
 * int  magic "NJSN", byte version (1)
 * int  length, then {@link StreamMeta} as JSON (the config and creation time of the stream)
 * the store's snapshot bytes, in the format of the provider of the config's {@code storage}
 * </pre>
 *
 * nats-server's snapshot is an s2-compressed tar of its files; the two servers do not read
 * each other's snapshots, only the exchange that carries them is the same.
 */
final class SnapshotFormat {

    private static final int MAGIC = 0x4E4A534E; // "NJSN"
    private static final int VERSION = 1;
    /** A stream config is a few kilobytes; anything far larger is not a natsj snapshot. */
    private static final int MAX_META = 1 << 20;

    private SnapshotFormat() {
    }

    static void writeHeader(OutputStream target, StreamConfig config, long createdNanos) throws IOException {
        DataOutputStream out = new DataOutputStream(target);
        byte[] meta = Json.bytes(new StreamMeta(config, createdNanos));
        out.writeInt(MAGIC);
        out.writeByte(VERSION);
        out.writeInt(meta.length);
        out.write(meta);
        out.flush();
    }

    /**
     * Reads the header, leaving {@code in} at the store's bytes.
     *
     * @throws IOException when it is not a natsj snapshot (the message is the restore error)
     */
    static StreamMeta readHeader(InputStream source) throws IOException {
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
        if (version != VERSION) {
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
        return m;
    }
}
