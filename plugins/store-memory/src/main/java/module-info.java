/**
 * JetStream streams kept in memory ({@code storage: memory}).
 */
module io.natsj.store.memory {
    requires io.natsj.spi;

    provides io.natsj.spi.store.StreamStoreProvider
        with io.natsj.store.memory.MemoryStoreProvider;
}
