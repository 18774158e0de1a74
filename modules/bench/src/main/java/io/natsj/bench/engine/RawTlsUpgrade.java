package io.natsj.bench.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;

import java.io.IOException;
import java.net.URI;

/**
 * Decides, from the server's plain-text INFO, whether a raw connection goes on in TLS, and if so
 * puts an {@link SslHandler} in front of the protocol parser. This is the order nats-server
 * (and natsj) expect without {@code handshake_first}: INFO in clear, then the client's
 * ClientHello, then CONNECT inside TLS.
 */
final class RawTlsUpgrade {

    private final ClientTls tls;
    private final URI uri;
    private final boolean wanted;

    /**
     * @param uri    the URL dialled: its host is checked against the server certificate
     * @param wanted true for a {@code tls://} URL, which refuses a server without TLS
     */
    RawTlsUpgrade(ClientTls tls, URI uri, boolean wanted) {
        this.tls = tls;
        this.uri = uri;
        this.wanted = wanted;
    }

    /**
     * Starts the handshake when the URL or the server asks for TLS.
     *
     * @param ctx  the protocol parser's context; the TLS handler goes just before it
     * @param info the first INFO
     * @return the handshake, or null when the connection stays in plain text
     * @throws IOException when TLS is wanted but the server does not offer it, or the client
     *                     context cannot be built
     */
    Future<Channel> start(ChannelHandlerContext ctx, JsonNode info) throws IOException {
        boolean required = info.path("tls_required").asBoolean(false);
        // tls_available: a server with allow_non_tls takes either; a tls:// client picks TLS.
        boolean offered = required || info.path("tls_available").asBoolean(false);
        if (!required && !wanted) {
            return null;
        }
        if (!offered) {
            throw new IOException("the URL asks for TLS but the server's INFO does not offer it");
        }
        SslHandler handler = tls.newHandler(ctx.alloc(), uri);
        // Added on the event loop while the parser runs: the server sends nothing more in clear
        // after INFO, so no plain-text bytes can be mistaken for TLS records.
        ctx.pipeline().addBefore(ctx.name(), "tls", handler);
        return handler.handshakeFuture();
    }
}
