package io.natsj.store.memory;

import io.natsj.spi.store.StreamStore;
import io.natsj.spi.store.StreamStoreProvider;
import io.natsj.spi.store.StreamStoreRequest;
import java.io.InputStream;

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
        MemorySnapshot.restore(store, request.stream(), snapshot);
        return store;
    }
}
