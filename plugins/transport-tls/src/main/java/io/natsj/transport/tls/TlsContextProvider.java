package io.natsj.transport.tls;

import io.natsj.spi.tls.TlsContext;
import io.natsj.spi.tls.TlsProvider;
import io.natsj.spi.tls.TlsRequest;
import java.util.Objects;

/**
 * The {@code tls} plugin: turns nats-server {@code tls { }} blocks into {@link NatsTlsContext}s
 * on the JDK's TLS implementation (TLS 1.2 and 1.3).
 *
 * <p>Supported keys: {@code cert_file}, {@code key_file}, {@code ca_file}, {@code verify},
 * {@code verify_and_map}, {@code insecure}, {@code timeout}, {@code handshake_first}
 * (and its aliases {@code first}, {@code immediate}; boolean form only),
 * {@code cipher_suites}, {@code allow_insecure_cipher_suites}, {@code curve_preferences},
 * {@code min_version}, and {@code verify_cert_and_check_known_urls: false}. Every other key
 * stops the server with a message naming it.
 */
public final class TlsContextProvider implements TlsProvider {

    /** The plugin name and its config key. */
    public static final String NAME = "tls";

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public TlsContextProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String configKey() {
        return NAME;
    }

    /**
     * @return a {@link NatsTlsContext}
     * @throws io.natsj.spi.PluginException naming the key at fault, e.g.
     *         {@code cluster.tls.pinned_certs is not supported by natsj yet}
     */
    @Override
    public TlsContext create(TlsRequest request) {
        Objects.requireNonNull(request, "request");
        TlsOptions options = TlsBlockReader.read(request.config(), request.path());
        if (request.verifyPeers() && !options.verify()) {
            options = options.withVerify();
        }
        return NatsTlsContext.build(options, request.server());
    }
}
