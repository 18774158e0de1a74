package io.natsj.spi.store;

import com.typesafe.config.Config;
import java.nio.file.Path;

/**
 * Which stream to open, and where. Implemented by the JetStream engine.
 */
public interface StreamStoreRequest {

    /** @return the provider's own section (e.g. {@code jetstream}) */
    Config config();

    /** @return the account the stream belongs to */
    String account();

    /** @return the stream name */
    String stream();

    /** @return the directory for this stream's files (for stores that keep files) */
    Path directory();

    /** @return true when every append must be on stable storage before it is acknowledged */
    boolean syncAlways();
}
