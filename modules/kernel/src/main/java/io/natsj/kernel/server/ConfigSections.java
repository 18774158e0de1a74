package io.natsj.kernel.server;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import io.natsj.spi.tls.TlsRequest;

/**
 * Finding a top-level section as nats-server does (keys match case-insensitively) and
 * handing a {@code tls} block to the TLS plugin.
 */
final class ConfigSections {

    private ConfigSections() {
    }

    /** @return true when the configuration has the key, in any case */
    static boolean hasKey(Config config, String lower) {
        return config.root().keySet().stream().anyMatch(k -> k.equalsIgnoreCase(lower));
    }

    /** @return the section under the key (any case), empty when absent or not a block */
    static Config section(Config config, String lower) {
        for (String k : config.root().keySet()) {
            if (k.equalsIgnoreCase(lower) && config.getValue("\"" + k + "\"") instanceof ConfigObject o) {
                return o.toConfig();
            }
        }
        return ConfigFactory.empty();
    }

    /**
     * @param block a {@code tls} block
     * @param path where it is, for messages
     * @return the request for the TLS plugin, for a listener (the server side)
     */
    static TlsRequest tlsRequest(Config block, String path) {
        return tlsRequest(block, path, false);
    }

    /**
     * @param block a {@code tls} block
     * @param path where it is, for messages
     * @param verifyPeers true to require peer certificates whatever the block says
     * @return the request for the TLS plugin, for a listener (the server side)
     */
    static TlsRequest tlsRequest(Config block, String path, boolean verifyPeers) {
        return tlsRequest(block, path, verifyPeers, true);
    }

    /**
     * @param block a {@code tls} block used only to dial out (a leaf remote's)
     * @param path where it is, for messages
     * @return the request for the TLS plugin, for the client side
     */
    static TlsRequest dialTlsRequest(Config block, String path) {
        return tlsRequest(block, path, false, false);
    }

    private static TlsRequest tlsRequest(Config block, String path, boolean verifyPeers, boolean server) {
        return new TlsRequest() {
            @Override
            public boolean verifyPeers() {
                return verifyPeers;
            }

            @Override
            public Config config() {
                return block;
            }

            @Override
            public String path() {
                return path;
            }

            @Override
            public boolean server() {
                return server;
            }
        };
    }
}
