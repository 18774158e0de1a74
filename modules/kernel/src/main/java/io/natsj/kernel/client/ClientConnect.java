package io.natsj.kernel.client;

import io.natsj.kernel.auth.Authentication;
import io.natsj.kernel.log.Log;
import io.natsj.spi.auth.AuthResult;
import io.natsj.kernel.protocol.ConnectJson;
import io.natsj.kernel.protocol.ConnectOptions;
import io.natsj.kernel.protocol.ProtocolErrors;
import io.natsj.spi.service.PublisherInfo;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import java.io.IOException;

/**
 * The CONNECT side of a client connection: merging each CONNECT into the options it has,
 * nats-server's checks of protocol and no_responders, authentication and what it admits (user,
 * permissions, account), and who the connection is for internal subscribers. What the publish
 * and delivery paths read (options, permissions, account) the connection keeps in its own
 * fields; this class sets them through {@link ClientConnection#admit} and
 * {@link ClientConnection#useOptions}. Runs on the connection's event loop.
 */
final class ClientConnect {

    private static final byte[] OK = ClientServices.ascii("+OK\r\n");

    private final ClientConnection connection;
    private final ClientServices services;
    private final ClientSecurity security;
    private final ClientOutput output;
    private String user;
    private boolean admitted;
    /** How internal subscribers (JetStream) name this publisher; remade after each CONNECT. */
    private PublisherCache publisherInfo;

    ClientConnect(ClientConnection connection, ClientServices services, ClientSecurity security, ClientOutput output) {
        this.connection = connection;
        this.services = services;
        this.security = security;
        this.output = output;
    }

    /** nats-server's error when an account JWT's {@code conn} limit is reached. */
    static final String ACCOUNT_CONNECTIONS = "maximum account active connections exceeded";

    /** @param json the CONNECT block; the connection is closed when it is refused */
    void onConnect(ByteBuf json) {
        ConnectOptions parsed;
        try {
            // A later CONNECT changes only the fields it names, as nats-server merges it into the
            // options it has (a copy, so that readers elsewhere never see a half-merged one).
            parsed = ConnectJson.merge(new ByteBufInputStream(json), connection.options().copy());
        } catch (IOException | RuntimeException e) {
            output.close("Protocol Violation");
            return;
        }
        if (parsed.protocol < 0 || parsed.protocol > 1) {
            output.closeWithError(ProtocolErrors.INVALID_PROTOCOL, "Bad Client Protocol Version");
            return;
        }
        if (parsed.noResponders && !parsed.headers) {
            output.closeWithError("no responders requires headers support", "Protocol Violation");
            return;
        }
        Authentication.Outcome outcome = security.authenticate(parsed);
        if (outcome instanceof Authentication.Outcome.Pending pending) {
            // An auth callout answers from the network: read nothing more (a pipelined PING is
            // answered after the result, as nats-server does) and finish on this event loop.
            connection.pauseReading();
            pending.outcome().whenComplete((decided, error) -> connection.channel().eventLoop().execute(() -> {
                if (output.isClosing() || !connection.channel().isActive()) {
                    return; // the auth timeout or the client ended it meanwhile
                }
                Authentication.Outcome result = error != null || decided == null
                        ? new Authentication.Outcome.Refused("authentication failed: " + error) : decided;
                security.completed(result);
                finish(parsed, result);
                connection.resumeReading();
            }));
            return;
        }
        finish(parsed, outcome);
    }

    /** The rest of a CONNECT once authentication decided (null outcome: no authentication). */
    private void finish(ConnectOptions parsed, Authentication.Outcome outcome) {
        if (outcome instanceof Authentication.Outcome.Refused refused) {
            Log.error(connection.label() + " - authentication error - " + refused.reason());
            output.closeWithError(ProtocolErrors.AUTHORIZATION_VIOLATION, "Authentication Failure");
            return;
        }
        AuthResult.Limits limits = AuthResult.Limits.NONE;
        java.time.Instant expires = null;
        if (outcome instanceof Authentication.Outcome.Admitted ok) {
            user = ok.user();
            connection.admit(ok.permissions(), ok.account());
            limits = ok.limits();
            expires = ok.expires();
            if (ok.replacedCredentials()) {
                // As nats-server: the sentinel JWT a callout replaced no longer describes the
                // user, so account updates must not judge the connection by it.
                parsed.jwt = null;
            }
        }
        connection.useOptions(parsed);
        if (!admitted) {
            if (!services.admitted(connection, limits.accountConnections())) {
                Log.error(connection.label() + " - " + ACCOUNT_CONNECTIONS);
                output.closeWithError(ACCOUNT_CONNECTIONS, "Maximum Account Connections Exceeded");
                return;
            }
            admitted = true;
        }
        if (!connection.credentialLimits().apply(limits, expires, connection.subscriptions().size())) {
            // nats-server tells the client, then closes it a moment later.
            output.closeWithError(ProtocolErrors.MAX_SUBSCRIPTIONS, "Maximum Subscriptions Exceeded");
            return;
        }
        if (parsed.verbose) {
            output.queue(OK);
        }
    }

    /** @return true once a CONNECT was accepted */
    boolean isAdmitted() {
        return admitted;
    }

    /** @return the authenticated user, or null */
    String user() {
        return user;
    }

    /** @return who this connection is, for internal subscribers; made once per CONNECT, not per message */
    PublisherInfo publisherInfo() {
        PublisherCache cached = publisherInfo;
        ConnectOptions o = connection.options();
        if (cached == null || cached.options() != o) {
            var remote = connection.remoteAddress();
            String host = remote == null ? "" : remote.getAddress().getHostAddress();
            cached = new PublisherCache(o, new PublisherInfo(connection.account().name(), connection.id(), host,
                    nz(o.name), nz(user), nz(o.lang), nz(o.version)));
            publisherInfo = cached;
        }
        return cached.info();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** The info and the options (one per CONNECT: account and user change only with them) it was made from. */
    private record PublisherCache(ConnectOptions options, PublisherInfo info) {
    }
}
