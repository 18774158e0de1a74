package io.natsj.kernel.client;

import io.natsj.kernel.auth.Authentication;
import io.natsj.kernel.auth.ConnectAuthRequest;
import io.natsj.kernel.protocol.ConnectOptions;
import io.natsj.kernel.protocol.ProtocolErrors;
import io.natsj.spi.tls.TlsContext;
import io.netty.handler.ssl.SslHandler;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSession;

/**
 * A client connection's way in: TLS (after INFO, before it with {@code handshake_first}, or
 * at the client's choice with {@code allow_non_tls}),
 * the nonce for signatures, the auth_timeout, and the check of the CONNECT credentials. All
 * of it runs on the connection's event loop.
 */
final class ClientSecurity {

    /** Made on first use: only servers whose authentication signs a nonce pay for the providers. */
    private static final class Nonces {
        static final SecureRandom RANDOM = new SecureRandom();
    }

    private final ClientConnection connection;
    private final Authentication authentication;
    private final TlsContext tls;
    private final boolean allowNonTls;
    private final String cookieJwt;
    private final TlsContext mappingTls;
    private String nonce;
    private ScheduledFuture<?> timer;
    private boolean authenticated;

    /**
     * @param connection the connection
     * @param services the server
     * @param wrapped true behind a transport's own framing (WebSocket)
     * @param auth the authentication of the connection's listener, or null for none
     * @param cookieJwt the user JWT the transport read from the listener's {@code jwt_cookie}, or null
     * @param listenerTls the TLS a wrapping transport ran for the connection (its section's), or null
     */
    ClientSecurity(ClientConnection connection, ClientServices services, boolean wrapped, Authentication auth,
                   String cookieJwt, TlsContext listenerTls) {
        this.connection = connection;
        this.cookieJwt = cookieJwt;
        // As nats-server: a WebSocket client's certificate is mapped with the websocket section's
        // verify_and_map, the others' with the server's.
        this.mappingTls = wrapped ? listenerTls : services.tls();
        this.authentication = auth != null && auth.required() ? auth : null;
        // A wrapping transport (WebSocket) does its own TLS, as nats-server's websocket listener does.
        this.tls = wrapped ? null : services.tls();
        this.allowNonTls = services.allowNonTls();
        if (authentication != null && authentication.needsNonce()) {
            byte[] raw = new byte[11];
            Nonces.RANDOM.nextBytes(raw);
            nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        }
    }

    /** @return the nonce INFO carries, or null */
    String nonce() {
        return nonce;
    }

    /** @return true when the connection's listener requires authentication ({@code auth_required}) */
    boolean required() {
        return authentication != null;
    }

    /** @return true while only a CONNECT may come: authentication is required and not done */
    boolean mustConnectFirst() {
        return authentication != null && !authenticated;
    }

    /**
     * Starts the auth timer and TLS, and sends INFO at the right moment.
     *
     * @param sendInfo writes and flushes the INFO line
     */
    void begin(Runnable sendInfo) {
        if (authentication != null) {
            timer = connection.channel().eventLoop().schedule(() -> {
                if (!authenticated) {
                    connection.output().closeWithError(ProtocolErrors.AUTH_TIMEOUT, "Authentication Timeout");
                }
            }, authentication.timeout().toNanos(), TimeUnit.NANOSECONDS);
        }
        if (tls == null) {
            sendInfo.run();
            return;
        }
        if (allowNonTls && !tls.handshakeFirst()) {
            // TLS optional: INFO in plain text, then the client's first byte decides.
            sendInfo.run();
            connection.channel().pipeline().addFirst("tls-or-plain",
                    new TlsOrPlainText(() -> tls.newHandler(connection.channel().alloc())));
            return;
        }
        SslHandler handler = tls.newHandler(connection.channel().alloc());
        if (tls.handshakeFirst()) {
            connection.channel().pipeline().addFirst("tls", handler);
            handler.handshakeFuture().addListener(f -> {
                if (f.isSuccess()) {
                    sendInfo.run();
                }
            });
        } else {
            // INFO goes out in plain text; everything after it is TLS.
            sendInfo.run();
            connection.channel().pipeline().addFirst("tls", handler);
        }
    }

    /**
     * Checks a CONNECT's credentials when authentication is required.
     *
     * @param options the CONNECT block
     * @return the outcome, or null when no authentication is configured
     */
    Authentication.Outcome authenticate(ConnectOptions options) {
        if (authentication == null) {
            return null;
        }
        SSLSession session = session();
        String identified = null;
        if (session != null && mappingTls != null && mappingTls.verifyClients()) {
            identified = mappingTls.mappedUser(session, authentication.userNames()).orElse(null);
        }
        if (identified == null && ConnectAuthRequest.hasNoCredentials(options) && cookieJwt == null) {
            identified = authentication.noAuthUser();
            Authentication.Outcome anonymous = authentication.anonymousAdmission();
            if (identified == null && anonymous != null) {
                authenticated = true;
                stop();
                return anonymous;
            }
        }
        Authentication.Outcome outcome = authentication.authenticate(
                new ConnectAuthRequest(options, connection.remoteAddress(), nonce, session, identified,
                        connection.isWrapped() ? "WEBSOCKET" : "STANDARD", connection.id(), cookieJwt));
        completed(outcome);
        return outcome;
    }

    /**
     * Records a decided outcome: an admission ends the auth timer and lets every operation in.
     *
     * @param outcome what authentication decided (a pending outcome changes nothing yet)
     */
    void completed(Authentication.Outcome outcome) {
        if (outcome instanceof Authentication.Outcome.Admitted) {
            authenticated = true;
            stop();
        }
    }

    /** @return the TLS session, or null on a plain connection */
    SSLSession session() {
        SslHandler handler = connection.channel().pipeline().get(SslHandler.class);
        return handler == null ? null : handler.engine().getSession();
    }

    void stop() {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
