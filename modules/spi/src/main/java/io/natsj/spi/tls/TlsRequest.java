package io.natsj.spi.tls;

import com.typesafe.config.Config;

/**
 * One {@code tls { }} block to turn into a {@link TlsContext}. Implemented by the kernel.
 */
public interface TlsRequest {

    /** @return the {@code tls} block itself (cert_file, key_file, ca_file, verify, …) */
    Config config();

    /** @return the config path of the block, for error messages, e.g. {@code cluster.tls} */
    String path();

    /** @return true when the context is for accepting connections, false for dialling out */
    boolean server();

    /**
     * @return true when peers must present a certificate whatever the block says, as
     *         nats-server requires of servers joining a cluster over TLS
     */
    default boolean verifyPeers() {
        return false;
    }
}
