/**
 * JetStream file storage: the messages of each stream in append-only, CRC-checked block files,
 * made durable by group-committed fsync before they are acknowledged.
 */
module io.natsj.store.file {
    requires io.natsj.spi;

    provides io.natsj.spi.store.StreamStoreProvider
        with io.natsj.store.file.FileStoreProvider;
}
