package io.natsj.kernel.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.natsj.kernel.NatsServer;
import io.natsj.spi.topology.AccountRef;
import io.natsj.spi.topology.InterestListener;
import io.natsj.spi.topology.LocalServer;
import io.natsj.spi.topology.MessageView;
import io.natsj.spi.topology.PeerKind;
import io.natsj.spi.topology.PeerSession;
import io.natsj.spi.topology.QueueNames;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The kernel's side of peer servers, driven as a topology plugin drives it: interest told to
 * peers, messages forwarded once per peer, queue groups shared with peers by weight, and
 * messages from a peer kept to local subscribers.
 */
class PeerRoutingTest {

    private NatsServer server;
    private LocalServer local;
    private MultiThreadIoEventLoopGroup group;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void start() {
        server = NatsServer.start(ConfigFactory.parseString("port: -1\nhost: 127.0.0.1\ntest_peers {}"));
        local = FakeTopologyProvider.lastRequest.local();
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
        server.close();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void interestIsToldOncePerPlainSubjectAndByWeightPerQueueGroup() throws Exception {
        Peer peer = peer();
        List<String> events = new CopyOnWriteArrayList<>();
        peer.session.watchInterest(recorder(events));
        Client c = client();
        c.send("SUB foo 1\r\nSUB foo 2\r\nSUB bar q 3\r\nSUB bar q 4\r\nUNSUB 1\r\nUNSUB 2\r\nUNSUB 3\r\n").sync();
        assertEquals(List.of("+foo", "+bar q 1", "+bar q 2", "-foo", "+bar q 1"), events);
        c.close();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!events.getLast().equals("-bar q") && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals("-bar q", events.getLast(), "the last member leaving takes the group's interest away");
    }

    @Test
    void aLocalPublishReachesAPeerOnceWhateverMatches() throws Exception {
        Peer peer = peer();
        AccountRef g = local.account("$G");
        onLoop(peer, () -> {
            peer.session.interest(g, "foo.*", null, 1);
            peer.session.interest(g, "foo.>", null, 1);
        });
        client().send("PUB foo.x 5\r\nhello\r\n").sync();
        assertEquals("FWD $G foo.x [] hello", peer.readLine());
        client().send("PUB other 1\r\nx\r\nPUB foo.y 1\r\ny\r\n").sync();
        assertEquals("FWD $G foo.y [] y", peer.readLine(), "nothing for subjects the peer has no interest in");
    }

    @Test
    void aQueueGroupGoesToPeersByWeightWhenNoLocalMemberIsThere() throws Exception {
        Peer heavy = peer();
        Peer light = peer();
        AccountRef g = local.account("$G");
        onLoop(heavy, () -> heavy.session.interest(g, "work", "grp", 3));
        onLoop(light, () -> light.session.interest(g, "work", "grp", 1));
        Client publisher = client();
        int total = 400;
        publisher.send("PUB work 1\r\nx\r\n".repeat(total)).sync();
        onLoop(heavy, () -> heavy.session.interest(g, "marker", null, 1));
        onLoop(light, () -> light.session.interest(g, "marker", null, 1));
        publisher.send("PUB marker 1\r\nm\r\n").sync();
        int toHeavy = countUntilMarker(heavy);
        int toLight = countUntilMarker(light);
        assertEquals(total, toHeavy + toLight, "each message went to exactly one member");
        assertTrue(toHeavy > toLight && toLight > 0, "weight 3 to 1: " + toHeavy + " vs " + toLight);
    }

    @Test
    void aLocalQueueMemberIsPreferredToAPeers() throws Exception {
        Peer peer = peer();
        onLoop(peer, () -> peer.session.interest(local.account("$G"), "work", "grp", 5));
        Client member = client();
        member.send("SUB work grp 1\r\n").sync();
        Client publisher = client();
        publisher.send("PUB work 1\r\nx\r\n".repeat(50)).sync();
        assertEquals(50, member.countMessages());
        onLoop(peer, () -> peer.session.interest(local.account("$G"), "marker", null, 1));
        publisher.send("PUB marker 1\r\nm\r\n").sync();
        assertEquals(0, countUntilMarker(peer), "nothing went to the peer while a local member could take it");
    }

    private static int countUntilMarker(Peer peer) throws Exception {
        int n = 0;
        for (String line = peer.readLine(); !line.startsWith("FWD $G marker"); line = peer.readLine()) {
            assertEquals("FWD $G work [grp] x", line);
            n++;
        }
        return n;
    }

    @Test
    void aMessageFromAPeerStaysWithLocalSubscribers() throws Exception {
        Peer from = peer();
        Peer other = peer();
        AccountRef g = local.account("$G");
        onLoop(other, () -> other.session.interest(g, "news", null, 1));
        Client sub = client();
        sub.send("SUB news 1\r\nSUB news grp 2\r\n").sync();
        onLoop(from, () -> {
            from.session.deliver(g, view("news", "a"), QueueNames.NONE);
            from.session.deliver(g, view("news", "b"), queues("grp"));
            from.session.endOfReadBatch();
        });
        assertEquals("MSG news 1 1", sub.readLine());
        assertEquals("a", sub.readLine());
        List<String> rest = List.of(sub.readLine(), sub.readLine(), sub.readLine(), sub.readLine());
        assertTrue(rest.containsAll(List.of("MSG news 1 1", "MSG news 2 1")), rest.toString());
        // The other peer heard nothing: its next frame is the one published locally now.
        client().send("PUB news 1\r\nc\r\n").sync();
        assertEquals("FWD $G news [] c", other.readLine());
    }

    /**
     * nats-server sends a JetStream delivery across a route or leaf connection routed by the
     * deliver subject with the presented subject after an {@code @} in the reply: local
     * subscribers of the deliver subject see the presented subject and the reply before the
     * {@code @}.
     */
    @Test
    void aDeliveryFromAPeerIsPresentedUnderTheSubjectAfterTheAt() throws Exception {
        Peer from = peer(PeerKind.LEAF);
        AccountRef g = local.account("$G");
        Client sub = client();
        sub.send("SUB $JS.M.abc 1\r\n").sync();
        onLoop(from, () -> {
            from.session.deliver(g, view("$JS.M.abc", "$JS.ACK.O.c.1.5.5.0.0@orders.1", "x"), QueueNames.NONE);
            from.session.deliver(g, view("$JS.M.abc", "plain.reply", "y"), QueueNames.NONE);
            from.session.deliver(g, view("$JS.M.abc", "_INBOX.user@host", "z"), QueueNames.NONE);
            from.session.endOfReadBatch();
        });
        assertEquals("MSG orders.1 1 $JS.ACK.O.c.1.5.5.0.0 1", sub.readLine());
        assertEquals("x", sub.readLine());
        assertEquals("MSG $JS.M.abc 1 plain.reply 1", sub.readLine());
        assertEquals("y", sub.readLine());
        assertEquals("MSG $JS.M.abc 1 _INBOX.user@host 1", sub.readLine(), "an '@' outside a JetStream ack reply stays");
        assertEquals("z", sub.readLine());
    }

    @Test
    void aClosedSessionTakesItsInterestAway() throws Exception {
        Peer peer = peer();
        onLoop(peer, () -> peer.session.interest(local.account("$G"), "gone", null, 1));
        assertEquals(1, ((KernelPeerSession) peer.session).subscriptionCount());
        peer.session.close();
        assertEquals(0, ((KernelPeerSession) peer.session).subscriptionCount());
        Client c = client();
        c.send("SUB gone 1\r\nPUB gone 1\r\nx\r\n").sync();
        assertEquals("MSG gone 1 1", c.readLine(), "local delivery goes on without the peer");
    }

    // ---- helpers ----

    static InterestListener recorder(List<String> events) {
        return new InterestListener() {
            @Override
            public void interest(String account, String subject, String queue, int weight) {
                if (account.equals("$G")) {
                    events.add("+" + subject + (queue == null ? "" : " " + queue + " " + weight));
                }
            }

            @Override
            public void noInterest(String account, String subject, String queue) {
                if (account.equals("$G")) {
                    events.add("-" + subject + (queue == null ? "" : " " + queue));
                }
            }
        };
    }

    static void onLoop(Peer peer, Runnable r) throws Exception {
        peer.channel.eventLoop().submit(r).get();
    }

    static MessageView view(String subject, String payload) {
        ByteBuf b = Unpooled.copiedBuffer(subject + payload, StandardCharsets.UTF_8);
        int s = subject.length();
        return new MessageView() {
            public ByteBuf buffer() { return b; }
            public int subjectOffset() { return 0; }
            public int subjectLength() { return s; }
            public int replyOffset() { return s; }
            public int replyLength() { return 0; }
            public int headerLength() { return -1; }
            public int bodyOffset() { return s; }
            public int bodyLength() { return payload.length(); }
        };
    }

    static MessageView view(String subject, String reply, String payload) {
        ByteBuf b = Unpooled.copiedBuffer(subject + reply + payload, StandardCharsets.UTF_8);
        int s = subject.length();
        int r = reply.length();
        return new MessageView() {
            public ByteBuf buffer() { return b; }
            public int subjectOffset() { return 0; }
            public int subjectLength() { return s; }
            public int replyOffset() { return s; }
            public int replyLength() { return r; }
            public int headerLength() { return -1; }
            public int bodyOffset() { return s + r; }
            public int bodyLength() { return payload.length(); }
        };
    }

    static QueueNames queues(String... names) {
        return new QueueNames() {
            public int size() { return names.length; }
            public byte[] get(int i) { return names[i].getBytes(StandardCharsets.UTF_8); }
        };
    }

    private Peer peer() throws Exception {
        return peer(PeerKind.ROUTE);
    }

    private Peer peer(PeerKind kind) throws Exception {
        Peer p = new Peer(local, group, kind);
        closing.add(p);
        return p;
    }

    private Client client() throws Exception {
        Client c = new Client(server.port());
        closing.add(c);
        return c;
    }
}
