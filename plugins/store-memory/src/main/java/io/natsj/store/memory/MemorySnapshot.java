package io.natsj.store.memory;

import io.natsj.spi.store.StoreException;
import io.natsj.spi.store.StoredMessage;
import io.natsj.spi.store.StreamState;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The snapshot format of the memory store.
 *
 * <pre>
 * int  magic "NJM2", long first sequence, long last sequence (when the snapshot began)
 * then per message: byte 1, long sequence, long timestamp, subject, headers, payload
 *      (each as int length and bytes)
 * byte 0, long last timestamp
 * </pre>
 *
 * The end marker tells a whole snapshot from a cut one. Messages are copied in small batches
 * under the store's read lock and written outside it: the output may block (a snapshot is
 * sent at the pace its receiver acknowledges) and publishers must not wait for it. Messages
 * appended after the snapshot began are left out, so the snapshot is the stream as it was
 * then, less what was removed meanwhile.
 */
final class MemorySnapshot {

    private static final int MAGIC = 0x4e4a4d32;
    private static final int BATCH = 256;
    /** Larger than any message a stream accepts; a bigger length means damage. */
    private static final int MAX_FIELD = 1 << 30;

    private MemorySnapshot() {
    }

    static void write(MemoryStreamStore store, OutputStream target) throws IOException {
        DataOutputStream out = new DataOutputStream(target);
        StreamState start = store.state();
        out.writeInt(MAGIC);
        out.writeLong(start.firstSequence());
        out.writeLong(start.lastSequence());
        long next = start.firstSequence();
        while (next <= start.lastSequence()) {
            List<StoredMessage> batch = store.batch(next, start.lastSequence(), BATCH);
            if (batch.isEmpty()) {
                break;
            }
            for (StoredMessage m : batch) {
                out.writeByte(1);
                out.writeLong(m.sequence());
                out.writeLong(m.timestampNanos());
                field(out, m.subject().getBytes(StandardCharsets.UTF_8));
                field(out, m.headers());
                field(out, m.payload());
            }
            next = batch.getLast().sequence() + 1;
        }
        out.writeByte(0);
        out.writeLong(start.lastTimestampNanos());
        out.flush();
    }

    private static void field(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    /** Fills a new, empty store from a snapshot. */
    static void restore(MemoryStreamStore store, String stream, InputStream source) {
        DataInputStream in = new DataInputStream(source);
        try {
            if (in.readInt() != MAGIC) {
                throw damaged(stream, "not a natsj memory store snapshot");
            }
            long first = in.readLong();
            long last = in.readLong();
            if (first < 1 || last < first - 1) {
                throw damaged(stream, "bad sequences " + first + ".." + last);
            }
            store.skipTo(first);
            long previous = first - 1;
            int marker;
            while ((marker = in.readByte()) == 1) {
                long seq = in.readLong();
                long ts = in.readLong();
                String subject = new String(field(in, stream), StandardCharsets.UTF_8);
                byte[] headers = field(in, stream);
                byte[] payload = field(in, stream);
                if (seq <= previous || seq > last) {
                    throw damaged(stream, "sequence " + seq + " out of order");
                }
                store.skipTo(seq);
                store.append(subject, headers, payload, ts, (s, e) -> { });
                previous = seq;
            }
            if (marker != 0) {
                throw damaged(stream, "bad record marker " + marker);
            }
            long lastTs = in.readLong();
            store.skipTo(last + 1);
            store.lastTimestamp(lastTs);
        } catch (EOFException e) {
            throw damaged(stream, "snapshot ends early");
        } catch (IOException e) {
            throw new StoreException(StoreException.Reason.IO, "stream '" + stream + "': cannot read the snapshot", e);
        }
    }

    private static byte[] field(DataInputStream in, String stream) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_FIELD) {
            throw damaged(stream, "bad field length " + n);
        }
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new EOFException();
        }
        return b;
    }

    private static StoreException damaged(String stream, String why) {
        return new StoreException(StoreException.Reason.CORRUPT, "stream '" + stream + "': snapshot is damaged: "
                + why, null);
    }
}
