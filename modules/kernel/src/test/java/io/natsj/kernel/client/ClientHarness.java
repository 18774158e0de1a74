package io.natsj.kernel.client;

import io.natsj.kernel.account.Account;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives {@link ClientConnection}s on Netty {@link EmbeddedChannel}s.
 *
 * <p>The connection needs its channel's event loop in its constructor, so it cannot be built
 * before the channel is registered; a {@link ChannelInitializer} builds it during registration,
 * exactly as {@link ClientChannelInitializer} does in the server. The channel's remote address
 * is an {@link InetSocketAddress} because {@code ClientConnection.label()} casts to one.
 */
final class ClientHarness {

    static final ClientLimits LIMITS = new ClientLimits(1 << 20, 4096, 64L << 20, 0,
            Duration.ofMinutes(2), 2, Duration.ofSeconds(10));

    private ClientHarness() {
    }

    /** A server around the connections: one account, counting registrations. */
    static final class TestServices implements ClientServices {
        final ClientLimits limits;
        final Account account = new Account(Account.GLOBAL);
        final AtomicLong ids = new AtomicLong();
        final List<ClientConnection> registered = new CopyOnWriteArrayList<>();
        final List<ClientConnection> slowConsumers = new CopyOnWriteArrayList<>();

        TestServices() {
            this(LIMITS);
        }

        TestServices(ClientLimits limits) {
            this.limits = limits;
        }

        @Override
        public ClientLimits limits() {
            return limits;
        }

        @Override
        public Account defaultAccount() {
            return account;
        }

        @Override
        public String infoLine(ClientConnection connection) {
            return "INFO {} \r\n";
        }

        @Override
        public boolean register(ClientConnection connection) {
            registered.add(connection);
            return true;
        }

        @Override
        public void unregister(ClientConnection connection) {
            registered.remove(connection);
        }

        @Override
        public void slowConsumer(ClientConnection connection) {
            slowConsumers.add(connection);
        }

        @Override
        public long nextClientId() {
            return ids.incrementAndGet();
        }
    }

    /**
     * An embedded channel with an internet peer address, whose "socket" can be stalled: while
     * stalled, flushed writes stay in Netty's outbound buffer, unwritten and not completed.
     */
    static final class TestChannel extends EmbeddedChannel {
        private static final SocketAddress REMOTE = new InetSocketAddress(InetAddress.getLoopbackAddress(), 50000);

        volatile boolean stalled;

        TestChannel(io.netty.channel.ChannelHandler handler) {
            super(handler);
        }

        @Override
        protected SocketAddress remoteAddress0() {
            return REMOTE;
        }

        @Override
        protected void doWrite(io.netty.channel.ChannelOutboundBuffer in) throws Exception {
            if (!stalled) {
                super.doWrite(in);
            }
        }
    }

    /** One client: its channel, its connection, and helpers to write and read bytes. */
    static final class TestClient {
        final TestChannel channel;
        private ClientConnection connection;

        TestClient(ClientServices services) {
            channel = new TestChannel(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    connection = new ClientConnection(services, ch);
                    ch.pipeline().addLast("nats-client", new ClientProtocolDecoder(connection));
                }
            });
            channel.runPendingTasks();
        }

        ClientConnection connection() {
            return connection;
        }

        /** Writes the bytes as one read, unless the channel is already closed. */
        void send(byte[] bytes, int offset, int length, int spareCapacity) {
            if (!channel.isOpen()) {
                return;
            }
            ByteBuf buf = Unpooled.buffer(length + spareCapacity);
            buf.writeBytes(bytes, offset, length);
            channel.writeInbound(buf);
            channel.runPendingTasks();
        }

        void send(byte[] bytes) {
            send(bytes, 0, bytes.length, 0);
        }

        void send(String text) {
            send(text.getBytes(StandardCharsets.ISO_8859_1));
        }

        /** @return everything written to the client so far and not read yet, one char a byte */
        String read() {
            channel.runPendingTasks();
            StringBuilder out = new StringBuilder();
            Object o;
            while ((o = channel.readOutbound()) != null) {
                ByteBuf buf = (ByteBuf) o;
                try {
                    out.append(buf.toString(StandardCharsets.ISO_8859_1));
                } finally {
                    buf.release();
                }
            }
            return out.toString();
        }

        /** Sends the text and returns what came back (INFO excluded when already read). */
        String exchange(String text) {
            send(text);
            return read();
        }

        /** Stops the socket from taking writes. */
        void stall() {
            channel.stalled = true;
        }

        /** Lets the socket take writes again, and writes what waited. */
        void unstall() {
            channel.stalled = false;
            channel.flush();
            channel.runPendingTasks();
        }

        boolean isOpen() {
            return channel.isOpen();
        }

        void close() {
            channel.close();
            channel.runPendingTasks();
        }
    }
}
