package io.natsj.transport.tls;

import io.natsj.spi.PluginException;
import io.natsj.spi.tls.TlsContext;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * A {@code tls { }} block turned into a Netty {@link SslContext} on the JDK's TLS provider.
 *
 * <p>Every handler encrypts from its first byte. Server side, without {@code handshake_first},
 * the kernel writes and flushes the INFO line in clear and only then adds the handler at the
 * front of the pipeline, on the event loop, before the client's ClientHello can be read; with
 * {@code handshake_first} it adds the handler when the connection opens and writes INFO once
 * {@link SslHandler#handshakeFuture()} succeeds. Either way the handshake timeout runs from the
 * moment the handler is added. Client side, the handler starts the handshake as soon as it is
 * in an active pipeline, so it is added once the remote server's INFO has been read (or at
 * connect with {@code handshake_first}).
 */
public final class NatsTlsContext implements TlsContext {

    private final TlsOptions options;
    private final boolean server;
    private final SslContext context;
    private volatile NatsTlsContext dialling;

    private NatsTlsContext(TlsOptions options, boolean server, SslContext context) {
        this.options = options;
        this.server = server;
        this.context = context;
    }

    /**
     * @param options the checked block
     * @param server true to accept connections, false to dial out
     * @return the context, with its certificate files read
     * @throws PluginException when a file is missing or unreadable, or the pair does not match
     */
    static NatsTlsContext build(TlsOptions options, boolean server) {
        String path = options.path();
        PrivateKey key = null;
        List<X509Certificate> chain = List.of();
        if (options.certFile() != null) {
            chain = PemFiles.certificates(options.certFile(), path + ".cert_file");
            key = PemFiles.privateKey(options.keyFile(), path + ".key_file");
            PemFiles.checkPair(key, chain.getFirst(), path);
        }
        List<X509Certificate> authorities = options.caFile() == null ? null
                : PemFiles.certificates(options.caFile(), path + ".ca_file");

        SslContextBuilder builder;
        if (server) {
            if (key == null) {
                throw new PluginException(path + ": a TLS listener needs cert_file and key_file");
            }
            builder = SslContextBuilder.forServer(key, chain)
                    .clientAuth(options.verify() ? ClientAuth.REQUIRE : ClientAuth.NONE);
            if (options.verify()) {
                // No session resumption for clients with certificates: each handshake checks
                // the certificate again, so one that has expired is refused on reconnect too.
                builder.trustManager(FullHandshakeTrustManager.of(authorities, path));
            } else if (authorities != null) {
                builder.trustManager(authorities);
            }
        } else {
            builder = SslContextBuilder.forClient()
                    // Host name checks are set per connection, in newHandler(alloc, host, port).
                    .endpointIdentificationAlgorithm(null);
            if (key != null) {
                builder.keyManager(key, chain);
            }
            if (options.insecure()) {
                builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
            } else if (authorities != null) {
                builder.trustManager(authorities);
            }
        }
        builder.sslProvider(SslProvider.JDK).protocols(options.protocols());
        if (options.cipherSuites() != null) {
            builder.ciphers(options.cipherSuites());
        }
        try {
            return new NatsTlsContext(options, server, builder.build());
        } catch (SSLException | RuntimeException e) {
            throw new PluginException(path + ": can't set up TLS: " + e.getMessage(), e);
        }
    }

    @Override
    public SslHandler newHandler(ByteBufAllocator alloc) {
        return configure(context.newHandler(alloc), false);
    }

    /**
     * A client-side handler for a known peer: sends SNI and, unless {@code insecure}, checks
     * that the server's certificate names {@code host}, as nats-server does when it dials a
     * route, gateway or leaf-node URL. Server side this is {@link #newHandler(ByteBufAllocator)}.
     *
     * @param alloc the connection's allocator
     * @param host the host name or address dialled
     * @param port the port dialled
     * @return a new handler for one connection
     */
    @Override
    public SslHandler newClientHandler(ByteBufAllocator alloc, String host, int port) {
        if (!server) {
            return newHandler(alloc, host, port);
        }
        NatsTlsContext client = dialling;
        if (client == null) {
            // Built on first use: a listener's block dials out only for routes and the like.
            synchronized (this) {
                client = dialling;
                if (client == null) {
                    client = build(options, false);
                    dialling = client;
                }
            }
        }
        return client.newHandler(alloc, host, port);
    }

    public SslHandler newHandler(ByteBufAllocator alloc, String host, int port) {
        if (server) {
            return newHandler(alloc);
        }
        return configure(context.newHandler(alloc, host, port), !options.insecure());
    }

    private SslHandler configure(SslHandler handler, boolean checkHostName) {
        handler.setHandshakeTimeoutMillis(options.timeout().toMillis());
        if (options.namedGroups() != null || checkHostName) {
            SSLEngine engine = handler.engine();
            SSLParameters parameters = engine.getSSLParameters();
            if (options.namedGroups() != null) {
                parameters.setNamedGroups(options.namedGroups().toArray(String[]::new));
            }
            if (checkHostName) {
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
            }
            engine.setSSLParameters(parameters);
        }
        return handler;
    }

    @Override
    public boolean verifyClients() {
        return options.verify();
    }

    @Override
    public boolean handshakeFirst() {
        return options.handshakeFirst();
    }

    @Override
    public Duration handshakeTimeout() {
        return options.timeout();
    }

    /** @return true for {@code verify_and_map} */
    public boolean mapsUsers() {
        return options.map();
    }

    @Override
    public Optional<String> mappedUser(SSLSession session, Collection<String> users) {
        return identity(session).flatMap(id -> id.match(users));
    }

    /**
     * @param session the finished handshake
     * @return the identity of the peer's certificate; empty when mapping is off or the peer
     *         sent no certificate
     */
    public Optional<CertificateIdentity> identity(SSLSession session) {
        if (!options.map() || session == null) {
            return Optional.empty();
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof X509Certificate leaf) {
                return Optional.of(CertificateIdentity.of(leaf));
            }
        } catch (SSLPeerUnverifiedException noCertificate) {
            // Fall through: no certificate, nothing to map.
        }
        return Optional.empty();
    }
}
