package io.natsj.spi.store;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Which stream to open, and where. Implemented by the JetStream engine.
 */
public interface StreamStoreRequest {

    /** @return the JetStream section ({@code jetstream}), for settings a store may read */
    Config config();

    /** @return the account the stream belongs to */
    String account();

    /** @return the stream name */
    String stream();

    /**
     * @return the directory for this stream's messages, which the store owns (stores that keep
     *         files create it when absent; the engine keeps the stream's config beside it)
     */
    Path directory();

    /**
     * @return how long an appended message may wait for stable storage: {@link Duration#ZERO}
     *         means before it is reported durable (fsync per group commit, natsj's default);
     *         a longer interval means syncing on a timer, with messages reported durable once
     *         written (nats-server's {@code sync_interval})
     */
    Duration syncInterval();

    /** @return the largest message the stream accepts, for sizing buffers */
    int maxMessageSize();
}
