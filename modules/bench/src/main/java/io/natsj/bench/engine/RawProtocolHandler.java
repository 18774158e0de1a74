package io.natsj.bench.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import io.netty.util.concurrent.Future;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Parses what a server sends on one raw connection. MSG frames are counted in place (no payload
 * copy, counters published once per read); PING is answered; PONG, INFO and -ERR complete the
 * waits of {@link RawConnection}. The first INFO may start TLS ({@link RawTlsUpgrade}), in which
 * case INFO counts as received once the handshake is done. Everything here runs on the channel's
 * event loop.
 */
final class RawProtocolHandler extends ByteToMessageDecoder {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A control line longer than this means we are not talking to a NATS server. */
    private static final int MAX_CONTROL_LINE = 64 * 1024;
    private static final byte[] PONG = "PONG\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CRLF = {'\r', '\n'};

    /** What to do with messages delivered on one subscription id. */
    enum Kind { COUNT, RESPOND, INBOX }

    /** A subscription as the parser sees it; the pending fields belong to the event loop. */
    static final class Subscription {
        final Kind kind;
        final MessageCounter counter;
        long pendingMessages;
        long pendingBytes;

        Subscription(Kind kind, MessageCounter counter) {
            this.kind = kind;
            this.counter = counter;
        }
    }

    final Queue<CompletableFuture<Void>> pongWaiters = new ConcurrentLinkedQueue<>();
    final CompletableFuture<ServerIdentity> info = new CompletableFuture<>();
    /** INFO's {@code nonce}, set before {@link #info} completes; null when the server sent none. */
    volatile String nonce;
    final Object writabilityMonitor = new Object();
    volatile CompletableFuture<Void> replyWaiter;
    volatile String lastError;
    volatile boolean closed;
    /** Set before {@link #info} completes when the connection went on in TLS. */
    volatile boolean secure;
    private final RawTlsUpgrade tlsUpgrade;
    private boolean infoSeen;
    /** Indexed by sid; replaced, never mutated in place, so the event loop sees a complete array. */
    private volatile Subscription[] subscriptions = new Subscription[0];
    private ByteBuf replies;

    /** @param tlsUpgrade decides from the first INFO whether to start TLS */
    RawProtocolHandler(RawTlsUpgrade tlsUpgrade) {
        this.tlsUpgrade = tlsUpgrade;
    }

    /** Registers a subscription and returns its sid (called before its SUB is written). */
    synchronized int register(Subscription subscription) {
        Subscription[] current = subscriptions;
        Subscription[] next = java.util.Arrays.copyOf(current, current.length + 1);
        next[current.length] = subscription;
        subscriptions = next;
        return current.length;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws IOException {
        Subscription[] subs = subscriptions;
        while (in.isReadable()) {
            int start = in.readerIndex();
            int lf = in.indexOf(start, in.writerIndex(), (byte) '\n');
            if (lf < 0) {
                if (in.readableBytes() > MAX_CONTROL_LINE) {
                    throw new IOException("control line longer than " + MAX_CONTROL_LINE + " bytes");
                }
                break;
            }
            byte op = in.getByte(start);
            if (op == 'M' || op == 'm') {
                if (!message(ctx, in, start, lf, subs)) {
                    break;
                }
                continue;
            }
            control(ctx, in.toString(start, lf - start, StandardCharsets.UTF_8).strip());
            in.readerIndex(lf + 1);
        }
        for (Subscription sub : subs) {
            if (sub.pendingMessages != 0) {
                sub.counter.add(sub.pendingMessages, sub.pendingBytes);
                sub.pendingMessages = 0;
                sub.pendingBytes = 0;
            }
        }
    }

    /** Handles {@code MSG <subject> <sid> [reply] <size>}; false when the payload is not all here. */
    private boolean message(ChannelHandlerContext ctx, ByteBuf in, int start, int lf, Subscription[] subs) {
        int lineEnd = in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
        int sizeStart = lineEnd;
        while (in.getByte(sizeStart - 1) != ' ') {
            sizeStart--;
        }
        int size = parseInt(in, sizeStart, lineEnd);
        int frameEnd = lf + 1 + size + 2;
        if (in.writerIndex() < frameEnd) {
            return false;
        }
        int subjectEnd = in.indexOf(start + 4, lineEnd, (byte) ' ');
        int sidEnd = in.indexOf(subjectEnd + 1, lineEnd, (byte) ' ');
        int sid = parseInt(in, subjectEnd + 1, sidEnd);
        Subscription sub = sid < subs.length ? subs[sid] : null;
        if (sub != null) {
            switch (sub.kind) {
                case COUNT -> {
                    sub.pendingMessages++;
                    sub.pendingBytes += size;
                }
                case RESPOND -> {
                    if (sidEnd + 1 < sizeStart - 1) {
                        reply(ctx, in, sidEnd + 1, sizeStart - 1, lf + 1, size);
                    }
                }
                case INBOX -> {
                    CompletableFuture<Void> waiter = replyWaiter;
                    if (waiter != null) {
                        waiter.complete(null);
                    }
                }
            }
        }
        in.readerIndex(frameEnd);
        return true;
    }

    /** Queues {@code PUB <reply> <size>} with the same payload; flushed once per read burst. */
    private void reply(ChannelHandlerContext ctx, ByteBuf in, int replyStart, int replyEnd,
                       int payloadStart, int size) {
        if (replies == null) {
            replies = ctx.alloc().buffer(4096);
        }
        ByteBufUtil.writeAscii(replies, "PUB ");
        replies.writeBytes(in, replyStart, replyEnd - replyStart);
        ByteBufUtil.writeAscii(replies, " " + size + "\r\n");
        replies.writeBytes(in, payloadStart, size);
        replies.writeBytes(CRLF);
    }

    private void control(ChannelHandlerContext ctx, String line) {
        String upper = line.length() >= 4 ? line.substring(0, 4).toUpperCase(java.util.Locale.ROOT) : line;
        if (upper.startsWith("PING")) {
            ctx.writeAndFlush(ctx.alloc().buffer(PONG.length).writeBytes(PONG));
        } else if (upper.startsWith("PONG")) {
            CompletableFuture<Void> waiter = pongWaiters.poll();
            if (waiter != null) {
                waiter.complete(null);
            }
        } else if (upper.startsWith("INFO")) {
            onInfo(ctx, line.substring(4).strip());
        } else if (upper.startsWith("-ERR")) {
            lastError = line.substring(4).strip();
        }
    }

    /** The first INFO identifies the server and may start TLS; later (async) INFOs change nothing here. */
    private void onInfo(ChannelHandlerContext ctx, String json) {
        if (infoSeen) {
            return;
        }
        infoSeen = true;
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (IOException e) {
            node = JSON.createObjectNode();
        }
        nonce = node.hasNonNull("nonce") ? node.get("nonce").asText() : null;
        var identity = new ServerIdentity(node.path("server_name").asText("?"),
                node.path("version").asText("?"), node.path("server_id").asText("?"));
        Future<Channel> handshake;
        try {
            handshake = tlsUpgrade.start(ctx, node);
        } catch (IOException e) {
            // Completed before the close, so the caller sees this reason, not "connection closed".
            info.completeExceptionally(e);
            ctx.close();
            return;
        }
        if (handshake == null) {
            info.complete(identity);
            return;
        }
        handshake.addListener(done -> {
            if (done.isSuccess()) {
                secure = true;
                info.complete(identity);
            } else {
                info.completeExceptionally(new IOException("TLS handshake failed: " + done.cause().getMessage(),
                        done.cause()));
                ctx.close();
            }
        });
    }

    private static int parseInt(ByteBuf in, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            value = value * 10 + (in.getByte(i) - '0');
        }
        return value;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        if (replies != null && replies.isReadable()) {
            ctx.writeAndFlush(replies);
            replies = null;
        }
        super.channelReadComplete(ctx);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        synchronized (writabilityMonitor) {
            writabilityMonitor.notifyAll();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        closed = true;
        synchronized (writabilityMonitor) {
            writabilityMonitor.notifyAll();
        }
        var failure = new IOException("connection closed" + (lastError == null ? "" : ": " + lastError));
        info.completeExceptionally(failure);
        CompletableFuture<Void> waiter;
        while ((waiter = pongWaiters.poll()) != null) {
            waiter.completeExceptionally(failure);
        }
        if (replyWaiter != null) {
            replyWaiter.completeExceptionally(failure);
        }
        if (replies != null) {
            replies.release();
            replies = null;
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A TLS alert reaches us wrapped by the SslHandler's decoder; the alert is the news.
        Throwable reason = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        lastError = reason.toString();
        ctx.close();
    }
}
