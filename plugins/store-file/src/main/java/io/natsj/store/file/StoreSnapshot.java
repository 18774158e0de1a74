package io.natsj.store.file;

import io.natsj.spi.store.StoreException;
import io.natsj.spi.store.StoredMessage;
import io.natsj.spi.store.StreamState;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The snapshot format of the file store: self-describing and checked record by record.
 *
 * <pre>
 * int  magic "NJSS", byte version (1)
 * long first sequence, long last sequence (when the snapshot began)
 * then per message: byte 1, int length, the message as a block record (with its CRC32C)
 * byte 0, long last sequence (when it ended), long last timestamp
 * </pre>
 *
 * Messages are read one at a time under the store's read lock, so a snapshot of a large
 * stream never holds off the publishers; it holds each message as it was when read.
 */
final class StoreSnapshot {

    private static final int MAGIC = 0x4E4A5353; // "NJSS"
    private static final int VERSION = 1;
    private static final byte[] NOTHING = new byte[0];

    private StoreSnapshot() {
    }

    static void write(FileStreamStore store, OutputStream target) throws IOException {
        DataOutputStream out = new DataOutputStream(target);
        StreamState start = store.state();
        out.writeInt(MAGIC);
        out.writeByte(VERSION);
        out.writeLong(start.firstSequence());
        out.writeLong(start.lastSequence());
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        for (StoredMessage m = store.loadNext(null, start.firstSequence()); m != null;
             m = store.loadNext(null, m.sequence() + 1)) {
            buffer = RecordCodec.encode(buffer, RecordCodec.LIVE, m.sequence(), m.timestampNanos(),
                m.subject().getBytes(StandardCharsets.UTF_8), m.headers(), m.payload());
            out.writeByte(1);
            out.writeInt(buffer.remaining());
            out.write(buffer.array(), 0, buffer.remaining());
        }
        StreamState end = store.state();
        out.writeByte(0);
        out.writeLong(end.lastSequence());
        out.writeLong(end.lastTimestampNanos());
        out.flush();
    }

    /** Fills a new, empty store from a snapshot and makes it durable. */
    static void restore(FileStreamStore store, InputStream source) {
        DataInputStream in = new DataInputStream(source);
        try {
            if (in.readInt() != MAGIC || in.readByte() != VERSION) {
                throw damaged(store, "not a natsj file store snapshot");
            }
            long first = in.readLong();
            in.readLong();
            if (first > 1) {
                store.skipTo(first);
            }
            while (in.readByte() == 1) {
                int length = in.readInt();
                if (length < RecordCodec.MIN_RECORD || length > 1 << 30) {
                    throw damaged(store, "bad record length " + length);
                }
                byte[] record = in.readNBytes(length);
                if (record.length < length || !RecordCodec.intact(record, length)
                    || RecordCodec.state(record) != RecordCodec.LIVE) {
                    throw damaged(store, "damaged record after sequence " + store.lastSequence);
                }
                StoredMessage m = RecordCodec.decode(record);
                if (m.sequence() <= store.lastSequence) {
                    throw damaged(store, "sequence " + m.sequence() + " out of order");
                }
                if (m.sequence() > store.lastSequence + 1) {
                    store.skipTo(m.sequence());
                }
                store.append(m.subject(), m.headers().length == 0 ? NOTHING : m.headers(), m.payload(),
                    m.timestampNanos(), null);
            }
            long last = in.readLong();
            long lastTimestamp = in.readLong();
            if (last > store.lastSequence) {
                store.restoreEnd(last, lastTimestamp);
            }
            store.sync();
        } catch (EOFException e) {
            throw damaged(store, "snapshot ends early");
        } catch (IOException e) {
            throw StoreFailures.of(e, "stream " + store.name() + ": cannot read the snapshot");
        }
    }

    private static StoreException damaged(FileStreamStore store, String why) {
        return new StoreException(StoreException.Reason.CORRUPT, "stream " + store.name() + ": snapshot is damaged: "
            + why, null);
    }
}
