package io.natsj.transport.tls;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One {@code tls { }} block, read and checked by {@link TlsBlockReader}; nothing here touches
 * files or the JDK yet.
 *
 * @param path the config path of the block, e.g. {@code cluster.tls}, for messages
 * @param certFile {@code cert_file}, or null
 * @param keyFile {@code key_file}, or null
 * @param caFile {@code ca_file}, or null
 * @param verify {@code verify} (also set by {@code verify_and_map})
 * @param map {@code verify_and_map}
 * @param insecure {@code insecure}: skip verifying the peer when dialling out
 * @param handshakeFirst {@code handshake_first} (aliases {@code first}, {@code immediate})
 * @param timeout {@code timeout}, the handshake timeout; nats-server's 2s when unset or 0
 * @param cipherSuites the JSSE suites to enable, or null for the JDK's defaults
 * @param namedGroups the JSSE named groups to enable, or null for the JDK's defaults
 * @param protocols the JSSE protocol names to enable, newest first
 */
record TlsOptions(
        String path,
        Path certFile,
        Path keyFile,
        Path caFile,
        boolean verify,
        boolean map,
        boolean insecure,
        boolean handshakeFirst,
        Duration timeout,
        List<String> cipherSuites,
        List<String> namedGroups,
        List<String> protocols) {

    /** nats-server's {@code TLS_TIMEOUT}, also its default for routes, gateways and leaf nodes. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    /** @return these options with client certificates required */
    TlsOptions withVerify() {
        return new TlsOptions(path, certFile, keyFile, caFile, true, map, insecure, handshakeFirst, timeout,
                cipherSuites, namedGroups, protocols);
    }
}
