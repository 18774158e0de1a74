package io.natsj.bench.engine;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The client side of TLS, shared by both engines: which certificate authority to trust and,
 * optionally, which certificate to present. One JDK TLS context serves the raw engine (as a
 * Netty {@link SslHandler} per connection) and jnats (as its {@link SSLContext}), so both engines
 * negotiate with the same provider, protocols and ciphers and their figures stay comparable.
 *
 * <p>TLS is used for {@code tls://} URLs. The raw engine, like every NATS client, also starts
 * TLS when a {@code nats://} server says {@code tls_required} in INFO.
 */
public final class ClientTls {

    /** No files given: the JDK's default trust store, no client certificate. */
    public static final ClientTls DEFAULT = new ClientTls(null, null, null);

    private final Path caFile;
    private final Path certFile;
    private final Path keyFile;
    /** Built on first use: a plain-text bench never pays for (or fails on) TLS set-up. */
    private volatile SslContext context;

    private ClientTls(Path caFile, Path certFile, Path keyFile) {
        this.caFile = caFile;
        this.certFile = certFile;
        this.keyFile = keyFile;
    }

    /**
     * Checks the files and keeps their paths.
     *
     * @param caFile   PEM certificates of the authorities to trust, or null for the JDK's defaults
     * @param certFile PEM client certificate (chain), or null; needs {@code keyFile}
     * @param keyFile  PEM private key (PKCS#8) of {@code certFile}, or null
     * @throws IllegalArgumentException with a message fit for the user
     */
    public static ClientTls of(Path caFile, Path certFile, Path keyFile) {
        if ((certFile == null) != (keyFile == null)) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together");
        }
        for (Path file : new Path[] {caFile, certFile, keyFile}) {
            if (file != null && !Files.isReadable(file)) {
                throw new IllegalArgumentException("cannot read TLS file " + file);
            }
        }
        return caFile == null && certFile == null ? DEFAULT : new ClientTls(caFile, certFile, keyFile);
    }

    /** True for a {@code tls://} URL: the client insists on TLS whatever INFO says. */
    public static boolean wanted(String url) {
        return url.toLowerCase(Locale.ROOT).startsWith("tls://");
    }

    /** True when files were given, so a {@code nats://} URL should still get the context. */
    boolean configured() {
        return this != DEFAULT;
    }

    /**
     * A handler for one raw connection to {@code uri}; the host name goes to SNI and to the
     * check of the server certificate's names.
     */
    SslHandler newHandler(ByteBufAllocator alloc, URI uri) throws IOException {
        String host = uri.getHost() == null ? "127.0.0.1" : uri.getHost();
        return context().newHandler(alloc, host, uri.getPort() < 0 ? 4222 : uri.getPort());
    }

    /** Builds the context now, so that unreadable or invalid files are reported before connecting. */
    void prepare() throws IOException {
        context();
    }

    /** The same context as a JDK {@link SSLContext}, for jnats. */
    SSLContext sslContext() throws IOException {
        return ((JdkSslContext) context()).context();
    }

    private SslContext context() throws IOException {
        SslContext built = context;
        if (built == null) {
            synchronized (this) {
                built = context;
                if (built == null) {
                    built = build();
                    context = built;
                }
            }
        }
        return built;
    }

    private SslContext build() throws IOException {
        // The JDK provider, not OpenSSL: jnats can only use the JDK's, and the servers under
        // test are then measured against the same TLS implementation by both engines.
        SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                // A client checks that the certificate names the host it dialled, as NATS clients do.
                .endpointIdentificationAlgorithm("HTTPS");
        try {
            if (caFile != null) {
                builder.trustManager(caFile.toFile());
            }
            if (certFile != null) {
                builder.keyManager(certFile.toFile(), keyFile.toFile());
            }
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IOException("cannot set up TLS from " + describe() + ": " + e.getMessage(), e);
        }
    }

    private String describe() {
        return caFile == null && certFile == null ? "the JDK's defaults"
                : "CA " + caFile + (certFile == null ? "" : ", certificate " + certFile + ", key " + keyFile);
    }

    @Override
    public String toString() {
        return describe();
    }
}
