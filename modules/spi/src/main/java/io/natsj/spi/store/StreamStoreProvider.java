package io.natsj.spi.store;

/**
 * A kind of JetStream storage ({@code file} or {@code memory}); {@link #storageType()} is the
 * value of a stream's {@code storage} field it serves. The JetStream engine finds providers
 * with {@link java.util.ServiceLoader}; a store plugin depends on nothing but this SPI.
 */
public interface StreamStoreProvider extends io.natsj.spi.ConfiguredProvider {

    /** @return the stream config {@code storage} value served: {@code file} or {@code memory} */
    String storageType();

    /**
     * Opens the store of a stream, recovering what an earlier run kept in
     * {@link StreamStoreRequest#directory()} (a store that keeps files rebuilds its state from
     * them, cuts a torn tail at the last whole record and reports damaged records in
     * {@link StreamState#corrupted()}).
     *
     * @param request which stream, and where
     * @return the open store
     * @throws StoreException when the store cannot be opened (e.g. the directory is not writable)
     */
    StreamStore open(StreamStoreRequest request);

    /**
     * Creates a stream's store from a {@link StreamStore#snapshot snapshot} of this provider.
     *
     * @param request which stream, and where; the directory must hold no store yet
     * @param snapshot the snapshot bytes; not closed
     * @return the open store holding the snapshot's messages
     * @throws StoreException when the snapshot is damaged or cannot be stored
     */
    StreamStore restore(StreamStoreRequest request, java.io.InputStream snapshot);
}
