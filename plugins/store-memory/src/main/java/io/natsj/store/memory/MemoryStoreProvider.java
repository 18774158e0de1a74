package io.natsj.store.memory;

import io.natsj.spi.store.StoreException;
import io.natsj.spi.store.StreamStore;
import io.natsj.spi.store.StreamStoreProvider;
import io.natsj.spi.store.StreamStoreRequest;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Serves {@code storage: memory} streams. */
public final class MemoryStoreProvider implements StreamStoreProvider {

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public String configKey() {
        return "jetstream";
    }

    @Override
    public String storageType() {
        return "memory";
    }

    @Override
    public StreamStore open(StreamStoreRequest request) {
        return new MemoryStreamStore(request.stream());
    }

    @Override
    public StreamStore restore(StreamStoreRequest request, InputStream snapshot) {
        MemoryStreamStore store = new MemoryStreamStore(request.stream());
        DataInputStream in = new DataInputStream(snapshot);
        try {
            if (in.readInt() != MemoryStreamStore.SNAPSHOT_MAGIC) {
                throw new StoreException(StoreException.Reason.CORRUPT,
                        "stream '" + request.stream() + "': not a memory store snapshot", null);
            }
            long first = in.readLong();
            long last = in.readLong();
            store.skipTo(first);
            while (true) {
                long seq;
                try {
                    seq = in.readLong();
                } catch (EOFException end) {
                    break;
                }
                long ts = in.readLong();
                String subject = new String(read(in), StandardCharsets.UTF_8);
                byte[] headers = read(in);
                byte[] payload = read(in);
                store.skipTo(seq);
                store.append(subject, headers, payload, ts, (s, e) -> { });
            }
            store.skipTo(last + 1);
            return store;
        } catch (IOException e) {
            throw new StoreException(StoreException.Reason.CORRUPT,
                    "stream '" + request.stream() + "': damaged snapshot", e);
        }
    }

    private static byte[] read(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("negative length");
        }
        return in.readNBytes(n);
    }
}
