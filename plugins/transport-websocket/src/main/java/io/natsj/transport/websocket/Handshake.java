package io.natsj.transport.websocket;

import io.natsj.spi.transport.ConnectionInitializer;
import io.natsj.spi.transport.ListenerRole;
import io.natsj.spi.transport.TransportRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP upgrade of one connection, checked in nats-server's order (RFC 6455 4.2.1): GET,
 * Host, {@code Upgrade: websocket}, {@code Connection: Upgrade}, a key, version 13, the
 * origin. A refused request gets the status Go's {@code http.Error} writes, byte for byte but
 * the date, and the connection stays open for another request as Go's server keeps it. An
 * accepted one gets nats-server's 101 (with per-message deflate when both sides want it, and
 * {@code Nats-No-Masking} when the client asked); then the frame codec takes this handler's
 * place and the kernel's client protocol starts behind it. As nats-server, a request path
 * starting with {@code /leafnode} is a leaf node's: its connection gets the leaf protocol the
 * kernel has for {@link ListenerRole#LEAF} (from the leaf-node plugin), or is closed after the
 * 101 when this server accepts no leaf nodes.
 */
final class Handshake extends ChannelInboundHandlerAdapter {

    private static final System.Logger LOG = System.getLogger("io.natsj.transport.websocket");
    private static final byte[] GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11".getBytes(StandardCharsets.US_ASCII);
    private static final String NO_MASKING = "Nats-No-Masking";
    private static final String DEFLATE = "permessage-deflate";
    /** nats-server's leafNodeWSPath: the path prefix of a leaf node's upgrade. */
    static final String LEAF_PATH = "/leafnode";

    private final WebSocketOptions options;
    private final OriginCheck origins;
    private final boolean tls;
    private final TransportRequest listener;
    private ScheduledFuture<?> timeout;
    private boolean upgraded;

    /**
     * @param listener the listener's request: the client protocol, and the kernel's protocols
     *        for other kinds of peer ({@link TransportRequest#initializer(ListenerRole)})
     */
    Handshake(WebSocketOptions options, OriginCheck origins, boolean tls, TransportRequest listener) {
        this.options = options;
        this.origins = origins;
        this.tls = tls;
        this.listener = listener;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (!options.handshakeTimeout().isZero()) {
            // Go's ReadTimeout: the request must be read within the time, or the connection goes.
            timeout = ctx.executor().schedule(() -> {
                if (!upgraded) {
                    ctx.close();
                }
            }, options.handshakeTimeout().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelTimeout();
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpRequest request && !upgraded) {
                handle(ctx, request);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(System.Logger.Level.DEBUG, remote(ctx) + " - websocket connection error: " + cause);
        ctx.close();
    }

    private void handle(ChannelHandlerContext ctx, HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            // What Go's server answers to a request it cannot parse, before any handler runs.
            goServerError(ctx, "400 Bad Request");
            return;
        }
        HttpHeaders h = request.headers();
        String host = h.get("Host");
        if (request.protocolVersion().equals(HttpVersion.HTTP_1_1) && host == null) {
            goServerError(ctx, "400 Bad Request: missing required Host header");
            return;
        }
        if (!HttpMethod.GET.equals(request.method())) {
            refuse(ctx, 405, "Method Not Allowed", "request method must be GET");
        } else if (host == null || host.isEmpty()) {
            refuse(ctx, 400, "Bad Request", "'Host' missing in request");
        } else if (!containsToken(h, "Upgrade", "websocket")) {
            refuse(ctx, 400, "Bad Request", "invalid value for header 'Upgrade'");
        } else if (!containsToken(h, "Connection", "Upgrade")) {
            refuse(ctx, 400, "Bad Request", "invalid value for header 'Connection'");
        } else if (h.get("Sec-WebSocket-Key", "").isEmpty()) {
            refuse(ctx, 400, "Bad Request", "key missing");
        } else if (!containsToken(h, "Sec-WebSocket-Version", "13")) {
            refuse(ctx, 400, "Bad Request", "invalid version");
        } else {
            String origin = h.get("Origin");
            if (origin == null || origin.isEmpty()) {
                origin = h.get("Sec-WebSocket-Origin");
            }
            String refusal = origins.refusal(origin, host, tls);
            if (refusal != null) {
                refuse(ctx, 403, "Forbidden", "origin not allowed: " + refusal);
            } else {
                upgrade(ctx, h, isLeaf(request.uri()));
            }
        }
    }

    private void upgrade(ChannelHandlerContext ctx, HttpHeaders h, boolean leaf) {
        boolean compress = options.compression() && offersDeflate(h);
        boolean noMasking = "true".equals(h.get(NO_MASKING));
        String userAgent = h.get("User-Agent", "");
        // nats-server looks for browsers among clients only.
        boolean browser = !leaf && userAgent.startsWith("Mozilla/");
        // Safari cannot take a compressed message split over frames (nats-server's finding).
        boolean noCompressedFragments = browser && compress && userAgent.contains("Version/") && userAgent.contains("Safari/");
        StringBuilder response = new StringBuilder(256)
                .append("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ")
                .append(acceptKey(h.get("Sec-WebSocket-Key"))).append("\r\n");
        if (compress) {
            response.append("Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover; client_no_context_takeover\r\n");
        }
        if (noMasking) {
            response.append(NO_MASKING).append(": true\r\n");
        }
        response.append("\r\n");
        upgraded = true;
        cancelTimeout();
        ctx.writeAndFlush(Unpooled.copiedBuffer(response, StandardCharsets.US_ASCII));
        ConnectionInitializer initializer = leaf ? listener.initializer(ListenerRole.LEAF) : listener.initializer();
        if (initializer == null) {
            // nats-server answers 101 first, then finds it has no leaf-node listener and hangs up
            // without a close frame.
            LOG.log(System.Logger.Level.ERROR, "Not configured to accept leaf node connections");
            ctx.channel().close();
            return;
        }
        ctx.pipeline().replace(this, "ws-frames", new FrameCodec(!noMasking, compress,
                browser ? FrameCodec.BROWSER_FRAME_SIZE : 0, noCompressedFragments));
        // As nats-server: only a plain IP address counts, and only the header's first value.
        String forwardedFor = h.get("X-Forwarded-For");
        if (forwardedFor != null && !NetUtil.isValidIpV4Address(forwardedFor) && !NetUtil.isValidIpV6Address(forwardedFor)) {
            forwardedFor = null;
        }
        // nats-server reads the JWT cookie of clients only (not of leaf nodes).
        String cookieJwt = leaf ? null : cookie(h, options.authorization().jwtCookie());
        initializer.initialize(new ConnectionInitializer.ConnectionRequest(ctx.channel(),
                WebSocketTransportProvider.NAME, true, forwardedFor, cookieJwt));
        // Removed last, so that bytes the client sent after its request reach the frame codec.
        ctx.pipeline().remove("http");
    }

    /**
     * As Go's {@code Request.Cookie}: the first cookie of that name in the request's
     * {@code Cookie} headers, its value unquoted.
     *
     * @param h the request's headers
     * @param name the cookie's name, or null when the listener reads none
     * @return the value, or null when there is none
     */
    static String cookie(HttpHeaders h, String name) {
        if (name == null) {
            return null;
        }
        for (String header : h.getAll("Cookie")) {
            for (io.netty.handler.codec.http.cookie.Cookie c
                    : io.netty.handler.codec.http.cookie.ServerCookieDecoder.LAX.decodeAll(header)) {
                if (c.name().equals(name)) {
                    return c.value();
                }
            }
        }
        return null;
    }

    /** As nats-server: the escaped path (the request URI without its query) starts with {@code /leafnode}. */
    static boolean isLeaf(String uri) {
        String path = uri;
        if (path.startsWith("http://") || path.startsWith("https://")) {
            int slash = path.indexOf('/', path.indexOf("//") + 2);
            path = slash < 0 ? "" : path.substring(slash);
        }
        return path.startsWith(LEAF_PATH);
    }

    /** nats-server's wsReturnHTTPError: Go's http.Error with the status text as the body. */
    private void refuse(ChannelHandlerContext ctx, int status, String text, String reason) {
        LOG.log(System.Logger.Level.ERROR, remote(ctx) + " - websocket handshake error: " + reason);
        String body = text + "\n";
        String response = "HTTP/1.1 " + status + " " + text + "\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Sec-Websocket-Version: 13\r\n"
                + "X-Content-Type-Options: nosniff\r\n"
                + "Date: " + HttpDates.now() + "\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body;
        ctx.writeAndFlush(Unpooled.copiedBuffer(response, StandardCharsets.US_ASCII));
    }

    /** Go's server refusing a request it could not read: plain text, then it hangs up. */
    private static void goServerError(ChannelHandlerContext ctx, String statusAndText) {
        ByteBuf out = Unpooled.copiedBuffer("HTTP/1.1 " + statusAndText
                + "\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n" + statusAndText,
                StandardCharsets.US_ASCII);
        ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
    }

    private static boolean containsToken(HttpHeaders h, String name, String value) {
        for (String header : h.getAll(name)) {
            for (String token : header.split(",")) {
                if (token.strip().equalsIgnoreCase(value)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** nats-server only looks for the extension's name; it always answers with no context takeover both ways. */
    private static boolean offersDeflate(HttpHeaders h) {
        for (String header : h.getAll("Sec-WebSocket-Extensions")) {
            for (String extension : header.split(",")) {
                for (String param : extension.split(";")) {
                    if (param.strip().equalsIgnoreCase(DEFLATE)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    static String acceptKey(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(key.getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1.digest(GUID));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is always present in the JDK", e);
        }
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }

    private static String remote(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress a
                ? a.getAddress().getHostAddress() + ":" + a.getPort() : String.valueOf(ctx.channel().remoteAddress());
    }
}
