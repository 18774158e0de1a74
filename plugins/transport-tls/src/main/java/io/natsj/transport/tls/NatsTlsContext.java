package io.natsj.transport.tls;

import io.natsj.spi.PluginException;
import io.natsj.spi.tls.TlsContext;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;

/**
 * A {@code tls { }} block turned into the JDK's {@link SSLContext}, one {@link SslHandler} around
 * a new {@link SSLEngine} per connection.
 *
 * <p>Not Netty's {@code SslContext}: building one costs start-up time natsj does not need to
 * spend (about 120 ms on this machine: its static set-up makes a throw-away JDK context,
 * which reads the JDK's trust store, and a probe engine to list the JDK's suites; its key
 * store encrypts the private key with 10,000 PBKDF2 rounds, see {@link FixedKeyManager}). The
 * JDK's own defaults for suites and protocols are the same ones Netty would start from.
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
    private final SSLContext context;
    private volatile NatsTlsContext dialling;

    private NatsTlsContext(TlsOptions options, boolean server, SSLContext context) {
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
        if (server && key == null) {
            throw new PluginException(path + ": a TLS listener needs cert_file and key_file");
        }

        TrustManager[] trust;
        if (!server && options.insecure()) {
            trust = InsecureTrustManagerFactory.INSTANCE.getTrustManagers();
        } else if (server && !options.verify() && authorities == null) {
            // Clients are never asked for a certificate: nothing to trust, and no reason to
            // read the JDK's trust store (about 150 certificates) at start-up.
            trust = TrustedCertificates.of(List.of(), path);
        } else if (server && options.verify()) {
            // No session resumption for clients with certificates: each handshake checks the
            // certificate again, so one that has expired is refused on reconnect too.
            trust = new TrustManager[] {FullHandshakeTrustManager.wrapping(TrustedCertificates.of(authorities, path), path)};
        } else {
            trust = TrustedCertificates.of(authorities, path);
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(key == null ? null : new KeyManager[] {new FixedKeyManager(key, chain)}, trust, null);
            var tls = new NatsTlsContext(options, server, context);
            tls.newEngine(null, -1); // a bad protocol or cipher suite name fails here, at start-up
            return tls;
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new PluginException(path + ": can't set up TLS: " + e.getMessage(), e);
        }
    }

    /** A new engine for one connection, in the block's role, with its protocols and suites. */
    private SSLEngine newEngine(String host, int port) {
        SSLEngine engine = host == null ? context.createSSLEngine() : context.createSSLEngine(host, port);
        engine.setUseClientMode(!server);
        if (server) {
            engine.setNeedClientAuth(options.verify());
        }
        engine.setEnabledProtocols(options.protocols().toArray(String[]::new));
        if (options.cipherSuites() != null) {
            engine.setEnabledCipherSuites(options.cipherSuites().toArray(String[]::new));
        }
        return engine;
    }

    @Override
    public SslHandler newHandler(ByteBufAllocator alloc) {
        return configure(new SslHandler(newEngine(null, -1)), false);
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
        return configure(new SslHandler(newEngine(host, port)), !options.insecure());
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
