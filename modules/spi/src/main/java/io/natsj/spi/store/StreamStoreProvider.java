package io.natsj.spi.store;

/**
 * A kind of JetStream storage ({@code file} or {@code memory}); {@link #storageType()} is the
 * value of a stream's {@code storage} field it serves.
 */
public interface StreamStoreProvider extends io.natsj.spi.ConfiguredProvider {

    /** @return the stream config {@code storage} value served: {@code file} or {@code memory} */
    String storageType();

    /**
     * @param request which stream, and where
     * @return the open store
     * @throws io.natsj.spi.PluginException when the store cannot be opened
     */
    StreamStore open(StreamStoreRequest request);
}
