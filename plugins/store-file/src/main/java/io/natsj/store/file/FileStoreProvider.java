package io.natsj.store.file;

import io.natsj.spi.store.StoreException;
import io.natsj.spi.store.StreamStore;
import io.natsj.spi.store.StreamStoreProvider;
import io.natsj.spi.store.StreamStoreRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The {@code file} storage of JetStream: each stream's messages in block files under the
 * stream's directory, synced before they are acknowledged unless the stream's sync interval
 * says otherwise. See {@link FileStreamStore}.
 */
public final class FileStoreProvider implements StreamStoreProvider {

    /** Creates the provider (ServiceLoader). */
    public FileStoreProvider() {
    }

    @Override
    public String name() {
        return "file";
    }

    @Override
    public String configKey() {
        return "jetstream";
    }

    @Override
    public String storageType() {
        return "file";
    }

    @Override
    public StreamStore open(StreamStoreRequest request) {
        return FileStreamStore.open(request.directory(), storeName(request), request.syncInterval(),
            FileStreamStore.DEFAULT_BLOCK_SIZE);
    }

    @Override
    public StreamStore restore(StreamStoreRequest request, InputStream snapshot) {
        Path directory = request.directory();
        if (Files.isDirectory(directory)) {
            try (Stream<Path> files = Files.list(directory)) {
                if (files.anyMatch(f -> f.getFileName().toString().endsWith(BlockFile.SUFFIX))) {
                    throw new StoreException(StoreException.Reason.IO, "stream " + storeName(request)
                        + ": cannot restore into " + directory + ", it already holds a store", null);
                }
            } catch (IOException e) {
                throw StoreFailures.of(e, "stream " + storeName(request) + ": cannot read " + directory);
            }
        }
        FileStreamStore store = FileStreamStore.open(directory, storeName(request), request.syncInterval(),
            FileStreamStore.DEFAULT_BLOCK_SIZE);
        try {
            StoreSnapshot.restore(store, snapshot);
            return store;
        } catch (RuntimeException e) {
            store.delete();
            throw e;
        }
    }

    private static String storeName(StreamStoreRequest request) {
        return "'" + request.account() + " > " + request.stream() + "'";
    }
}
