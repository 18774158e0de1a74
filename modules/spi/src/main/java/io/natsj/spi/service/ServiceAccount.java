package io.natsj.spi.service;

import com.typesafe.config.ConfigValue;
import java.util.Optional;

/**
 * An account as a service sees it: a name, its own settings, and internal connections into it.
 */
public interface ServiceAccount {

    /** @return the account name ({@code $G} for the global account) */
    String name();

    /** @return true for the system account */
    boolean isSystem();

    /**
     * @param key a key the provider claimed with {@link ServiceProvider#accountKeys()}
     * @return its value in the account's block, empty when not set (always empty for
     *         {@code $G} and for accounts the server made itself)
     */
    Optional<ConfigValue> setting(String key);

    /**
     * Opens an internal connection: a client inside the server, bound to this account, that
     * subscribes and publishes through the same subject index and routing as network clients.
     *
     * @param name a name for logs and monitoring
     * @return the connection; close it when done
     */
    InternalConnection connect(String name);
}
