package io.natsj.jetstream;

import com.typesafe.config.Config;
import io.natsj.spi.store.StreamStore;
import io.natsj.spi.store.StreamStoreProvider;
import io.natsj.spi.store.StreamStoreRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The store plugins in the image, by the {@code storage} value each serves. The engine finds
 * them itself, so an image without JetStream carries none.
 */
final class StoreProviders {

    private final Map<String, StreamStoreProvider> byType = new HashMap<>();
    private final Config section;
    private final Duration syncInterval;

    StoreProviders(Config section, Duration syncInterval) {
        this.section = section;
        this.syncInterval = syncInterval;
        // In a runtime image only the module layer is searched, as the kernel does for plugins:
        // the class-loader lookup would also search every module for class-path service files.
        Module m = StoreProviders.class.getModule();
        ServiceLoader<StreamStoreProvider> loader = m.isNamed() && m.getLayer() != null
                ? ServiceLoader.load(m.getLayer(), StreamStoreProvider.class)
                : ServiceLoader.load(StreamStoreProvider.class, StoreProviders.class.getClassLoader());
        for (StreamStoreProvider p : loader) {
            byType.putIfAbsent(p.storageType(), p);
        }
    }

    /** @return true when a store for this {@code storage} value is in the image */
    boolean has(String storage) {
        return byType.containsKey(storage);
    }

    /**
     * @throws ApiError.Failure when no plugin in the image serves the stream's storage
     */
    StreamStore open(AccountJetStream account, StreamConfig cfg, Path directory) {
        StreamStoreProvider p = byType.get(cfg.storage());
        if (p == null) {
            throw new ApiError.Failure(ApiError.createFailed(missing(cfg.storage())));
        }
        return p.open(request(account, cfg, directory));
    }

    private static String missing(String storage) {
        return "no " + storage + " store in this natsj image (add the io.natsj.store." + storage + " plugin)";
    }

    /**
     * Creates a stream's store from the store part of a snapshot.
     *
     * @param snapshotStorage the storage of the stream the snapshot was taken of
     * @throws java.io.IOException when the snapshot cannot be restored (the message says why)
     * @throws io.natsj.spi.store.StoreException when the store refuses it
     */
    StreamStore restore(AccountJetStream account, StreamConfig cfg, String snapshotStorage, Path directory,
                        java.io.InputStream in) throws java.io.IOException {
        StreamStoreProvider p = byType.get(cfg.storage());
        if (p == null) {
            throw new java.io.IOException(missing(cfg.storage()));
        }
        if (cfg.storage().equals(snapshotStorage)) {
            return p.restore(request(account, cfg, directory), in);
        }
        // Each store reads only its own snapshots: restore as the snapshot's kind beside, then copy.
        StreamStoreProvider source = byType.get(snapshotStorage);
        if (source == null) {
            throw new java.io.IOException(missing(snapshotStorage));
        }
        StreamStore from = source.restore(request(account, cfg, directory.resolveSibling("msgs.convert")), in);
        try {
            StreamStore to = p.open(request(account, cfg, directory));
            try {
                StoreCopy.copy(from, to);
                return to;
            } catch (java.io.IOException | RuntimeException e) {
                to.delete();
                throw e;
            }
        } finally {
            from.delete();
        }
    }

    private StreamStoreRequest request(AccountJetStream account, StreamConfig cfg, Path directory) {
        return new StreamStoreRequest() {
            @Override
            public Config config() {
                return section;
            }

            @Override
            public String account() {
                return account.name();
            }

            @Override
            public String stream() {
                return cfg.name();
            }

            @Override
            public Path directory() {
                return directory;
            }

            @Override
            public Duration syncInterval() {
                return syncInterval;
            }

            @Override
            public int maxMessageSize() {
                return cfg.maxMsgSize() > 0 ? cfg.maxMsgSize() : account.service().maxPayload();
            }
        };
    }
}
