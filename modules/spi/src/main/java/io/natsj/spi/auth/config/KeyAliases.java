package io.natsj.spi.auth.config;

import io.natsj.spi.PluginException;
import java.util.HashMap;
import java.util.Map;

/**
 * Remembers which spelling of each key a config object used, so that two aliases of one
 * option ({@code user} and {@code username}) are refused. nats-server keeps whichever of the
 * two its map iteration meets last, which is a silent coin toss.
 */
public final class KeyAliases {

    private final String path;
    private final Map<String, String> seen = new HashMap<>();

    /** @param path the object's config path, for the error */
    public KeyAliases(String path) {
        this.path = path;
    }

    /**
     * @param canonical the option
     * @param key the spelling met
     * @throws PluginException when another spelling of the option was met before
     */
    public void add(String canonical, String key) {
        String previous = seen.putIfAbsent(canonical, key);
        if (previous != null) {
            throw new PluginException(path + ": \"" + previous + "\" and \"" + key + "\" are both set");
        }
    }
}
