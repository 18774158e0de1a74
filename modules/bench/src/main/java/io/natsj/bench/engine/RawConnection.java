package io.natsj.bench.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * A raw-protocol connection. Publishing repeats one pre-built batch buffer of whole PUB frames
 * (about {@value #BATCH_BYTES} bytes), written and flushed once per batch, so a publisher costs
 * the client almost nothing per message.
 */
final class RawConnection implements BenchConnection {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH_BYTES = 64 * 1024;

    private final Channel channel;
    private final RawProtocolHandler handler;
    private String inbox;

    RawConnection(Channel channel, RawProtocolHandler handler) {
        this.channel = channel;
        this.handler = handler;
    }

    void handshake(String name, String userInfo, ClientCredentials creds, Duration timeout) throws IOException {
        ObjectNode connect = JSON.createObjectNode()
                .put("verbose", false).put("pedantic", false)
                .put("name", name).put("lang", "natsj-bench-raw").put("version", "0.1.0")
                .put("protocol", 1).put("echo", true).put("headers", false).put("no_responders", false);
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                connect.put("auth_token", decode(userInfo));
            } else {
                connect.put("user", decode(userInfo.substring(0, colon)));
                connect.put("pass", decode(userInfo.substring(colon + 1)));
            }
        }
        awaitInfo(timeout);
        if (creds != null) {
            if (handler.nonce == null) {
                throw new IOException("the server sent no nonce to sign (not in operator or NKey mode?)");
            }
            connect.put("jwt", creds.jwt()).put("sig", creds.sign(handler.nonce));
        }
        connect.put("tls_required", handler.secure);
        write("CONNECT " + JSON.writeValueAsString(connect) + "\r\n");
        try {
            flush(timeout);
        } catch (TimeoutException e) {
            throw new IOException("no PONG after CONNECT within " + timeout
                    + (handler.lastError == null ? "" : ": " + handler.lastError), e);
        }
        if (handler.lastError != null) {
            throw new IOException("server refused the connection: " + handler.lastError);
        }
    }

    private void awaitInfo(Duration timeout) throws IOException {
        try {
            handler.info.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for INFO", e);
        } catch (ExecutionException e) {
            // The handler's own reason: closed, refused TLS, failed handshake.
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("no INFO from the server within " + timeout, e);
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    @Override
    public ServerIdentity server() {
        return handler.info.getNow(ServerIdentity.UNKNOWN);
    }

    @Override
    public void subscribe(String subject, String queueGroup, MessageCounter counter) {
        int sid = handler.register(new RawProtocolHandler.Subscription(RawProtocolHandler.Kind.COUNT, counter));
        write("SUB " + subject + (queueGroup == null ? "" : " " + queueGroup) + " " + sid + "\r\n");
    }

    @Override
    public void respond(String subject) {
        int sid = handler.register(new RawProtocolHandler.Subscription(RawProtocolHandler.Kind.RESPOND, null));
        write("SUB " + subject + " " + sid + "\r\n");
    }

    @Override
    public long publish(String subject, byte[] payload, long count, BooleanSupplier keepGoing,
                        LongConsumer progress) throws IOException {
        byte[] header = ("PUB " + subject + " " + payload.length + "\r\n").getBytes(StandardCharsets.US_ASCII);
        int frameLength = header.length + payload.length + 2;
        int framesPerBatch = Math.max(1, BATCH_BYTES / frameLength);
        ByteBuf batch = Unpooled.directBuffer(framesPerBatch * frameLength);
        for (int i = 0; i < framesPerBatch; i++) {
            batch.writeBytes(header).writeBytes(payload).writeByte('\r').writeByte('\n');
        }
        long sent = 0;
        try {
            while (sent < count) {
                int frames = (int) Math.min(framesPerBatch, count - sent);
                awaitWritable();
                // Duplicates share the batch's memory: no per-message copying.
                channel.writeAndFlush(batch.retainedSlice(0, frames * frameLength), channel.voidPromise());
                sent += frames;
                progress.accept(frames);
                if (!keepGoing.getAsBoolean()) {
                    break;
                }
            }
        } finally {
            batch.release();
        }
        return sent;
    }

    private void awaitWritable() throws IOException {
        if (channel.isWritable()) {
            return;
        }
        synchronized (handler.writabilityMonitor) {
            while (!channel.isWritable() && !handler.closed) {
                try {
                    // Bounded wait: a writability event racing this check cannot strand us.
                    handler.writabilityMonitor.wait(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while publishing", e);
                }
            }
        }
        if (handler.closed) {
            throw new IOException("connection closed while publishing"
                    + (handler.lastError == null ? "" : ": " + handler.lastError));
        }
    }

    @Override
    public void flush(Duration timeout) throws IOException, TimeoutException {
        var pong = new CompletableFuture<Void>();
        // Queued before the PING is written, so the PONG always finds its waiter.
        handler.pongWaiters.add(pong);
        write("PING\r\n");
        await(pong, timeout);
    }

    @Override
    public long request(String subject, byte[] payload, Duration timeout) throws IOException, TimeoutException {
        if (inbox == null) {
            inbox = "_INBOX." + UUID.randomUUID().toString().replace("-", "");
            int sid = handler.register(new RawProtocolHandler.Subscription(RawProtocolHandler.Kind.INBOX, null));
            write("SUB " + inbox + " " + sid + "\r\n");
        }
        var reply = new CompletableFuture<Void>();
        handler.replyWaiter = reply;
        byte[] header = ("PUB " + subject + " " + inbox + " " + payload.length + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        ByteBuf frame = channel.alloc().buffer(header.length + payload.length + 2)
                .writeBytes(header).writeBytes(payload).writeByte('\r').writeByte('\n');
        long start = System.nanoTime();
        channel.writeAndFlush(frame, channel.voidPromise());
        await(reply, timeout);
        return System.nanoTime() - start;
    }

    private static void await(CompletableFuture<Void> future, Duration timeout) throws IOException, TimeoutException {
        try {
            future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        }
    }

    private void write(String protocolLine) {
        channel.writeAndFlush(Unpooled.copiedBuffer(protocolLine, StandardCharsets.UTF_8), channel.voidPromise());
    }

    @Override
    public String lastError() {
        return handler.lastError;
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
}
