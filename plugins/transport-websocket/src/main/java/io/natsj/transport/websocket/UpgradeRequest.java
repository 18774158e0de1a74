package io.natsj.transport.websocket;

import io.natsj.spi.transport.ConnectionInitializer;
import io.natsj.spi.transport.DialRequest;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A dialled connection's HTTP upgrade, as nats-server's leaf node sends it: {@code GET <path>}
 * with a random key, version 13, per-message deflate offered (with no context takeover either
 * way) when asked, and {@code Nats-No-Masking} when asked. The answer must be 101 with
 * {@code Upgrade: websocket}, {@code Connection: upgrade} and the key's accept value; compression
 * is used only when the server agreed with no context takeover (agreeing with context takeover
 * is an error, as nats-server says), and frames stay masked unless the server answered
 * {@code Nats-No-Masking: true}. Then the frame codec takes this handler's place.
 */
final class UpgradeRequest extends ChannelInboundHandlerAdapter {

    private static final String DEFLATE_OFFER = "permessage-deflate; server_no_context_takeover; client_no_context_takeover";

    private final DialRequest request;
    private final CompletableFuture<Void> upgraded;
    private final String key;
    private boolean done;

    UpgradeRequest(DialRequest request, CompletableFuture<Void> upgraded) {
        this.request = request;
        this.upgraded = upgraded;
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        this.key = Base64.getEncoder().encodeToString(nonce);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        String host = request.host().indexOf(':') >= 0 ? "[" + request.host() + "]" : request.host();
        StringBuilder r = new StringBuilder(256)
                .append("GET ").append(request.path()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(':').append(request.port()).append("\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: ").append(key).append("\r\n")
                .append("Sec-WebSocket-Version: 13\r\n");
        if (request.compression()) {
            r.append("Sec-WebSocket-Extensions: ").append(DEFLATE_OFFER).append("\r\n");
        }
        if (request.noMasking()) {
            r.append("Nats-No-Masking: true\r\n");
        }
        r.append("\r\n");
        ctx.writeAndFlush(Unpooled.copiedBuffer(r, StandardCharsets.US_ASCII));
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpResponse response && !done) {
                done = true;
                String error = check(response);
                if (error != null) {
                    fail(ctx, error);
                } else {
                    upgrade(ctx, response.headers());
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private String check(HttpResponse response) {
        if (response.decoderResult().isFailure()) {
            return "invalid websocket connection: " + response.decoderResult().cause();
        }
        HttpHeaders h = response.headers();
        if (response.status().code() != 101
                || !"websocket".equalsIgnoreCase(h.get("Upgrade"))
                || !"upgrade".equalsIgnoreCase(h.get("Connection"))
                || !Handshake.acceptKey(key).equals(h.get("Sec-WebSocket-Accept"))) {
            return "invalid websocket connection";
        }
        return null;
    }

    private void upgrade(ChannelHandlerContext ctx, HttpHeaders h) {
        boolean compress = false;
        if (request.compression()) {
            Deflate agreed = deflate(h);
            if (agreed == Deflate.WITH_CONTEXT_TAKEOVER) {
                fail(ctx, "compression negotiation error");
                return;
            }
            compress = agreed == Deflate.NO_CONTEXT_TAKEOVER;
        }
        boolean mask = !(request.noMasking() && "true".equals(h.get("Nats-No-Masking")));
        ctx.pipeline().replace(this, "ws-frames", new FrameCodec(false, compress, 0, false, mask));
        request.initializer().initialize(new ConnectionInitializer.ConnectionRequest(ctx.channel(),
                WebSocketTransportProvider.NAME, true));
        // Removed last, so that frames that came with the response reach the frame codec.
        ctx.pipeline().remove("http");
        upgraded.complete(null);
    }

    private enum Deflate { NONE, NO_CONTEXT_TAKEOVER, WITH_CONTEXT_TAKEOVER }

    /** nats-server's wsPMCExtensionSupport for a response: the extension, and both no-context-takeover parameters. */
    private static Deflate deflate(HttpHeaders h) {
        for (String header : h.getAll("Sec-WebSocket-Extensions")) {
            for (String extension : header.split(",")) {
                String[] params = extension.split(";");
                if (!params[0].strip().equalsIgnoreCase("permessage-deflate")) {
                    continue;
                }
                boolean server = false;
                boolean client = false;
                for (int i = 1; i < params.length; i++) {
                    String p = params[i].strip();
                    server |= p.equalsIgnoreCase("server_no_context_takeover");
                    client |= p.equalsIgnoreCase("client_no_context_takeover");
                }
                return server && client ? Deflate.NO_CONTEXT_TAKEOVER : Deflate.WITH_CONTEXT_TAKEOVER;
            }
        }
        return Deflate.NONE;
    }

    private void fail(ChannelHandlerContext ctx, String error) {
        upgraded.completeExceptionally(new IOException(error));
        ctx.channel().close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!done) {
            done = true;
            upgraded.completeExceptionally(new IOException("connection closed during the websocket upgrade"));
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!done) {
            done = true;
            upgraded.completeExceptionally(cause);
        }
        ctx.close();
    }
}
