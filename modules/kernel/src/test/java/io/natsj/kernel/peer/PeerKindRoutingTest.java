package io.natsj.kernel.peer;

import static io.natsj.kernel.peer.PeerRoutingTest.onLoop;
import static io.natsj.kernel.peer.PeerRoutingTest.recorder;
import static io.natsj.kernel.peer.PeerRoutingTest.view;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import io.natsj.kernel.NatsServer;
import io.natsj.spi.topology.AccountRef;
import io.natsj.spi.topology.LocalServer;
import io.natsj.spi.topology.PeerKind;
import io.natsj.spi.topology.QueueNames;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Where a message goes by the kind of peer it came from and the kinds it might go to (routes,
 * gateways): every server of a super-cluster gets it once, and nothing loops.
 */
class PeerKindRoutingTest {

    private NatsServer server;
    private LocalServer local;
    private AccountRef g;
    private MultiThreadIoEventLoopGroup group;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void start() {
        server = NatsServer.start(ConfigFactory.parseString("port: -1\nhost: 127.0.0.1\ntest_peers {}"));
        local = FakeTopologyProvider.lastRequest.local();
        g = local.account("$G");
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
    void aLocalPublishGoesToRoutesAndGateways() throws Exception {
        Peer route = peer(PeerKind.ROUTE);
        Peer gateway = peer(PeerKind.GATEWAY);
        onLoop(route, () -> route.session.interest(g, "news", null, 1));
        onLoop(gateway, () -> gateway.session.interest(g, "news", null, 1));
        client().send("PUB news 1\r\na\r\n").sync();
        assertEquals("FWD $G news [] a", route.readLine());
        assertEquals("FWD $G news [] a", gateway.readLine());
    }

    @Test
    void aMessageFromARouteGoesToNeitherRoutesNorGateways() throws Exception {
        Peer from = peer(PeerKind.ROUTE);
        Peer route = peer(PeerKind.ROUTE);
        Peer gateway = peer(PeerKind.GATEWAY);
        onLoop(route, () -> route.session.interest(g, "news", null, 1));
        onLoop(gateway, () -> gateway.session.interest(g, "news", null, 1));
        Client sub = client();
        sub.send("SUB news 1\r\n").sync();
        onLoop(from, () -> {
            from.session.deliver(g, view("news", "r"), QueueNames.NONE);
            from.session.endOfReadBatch();
        });
        assertEquals("MSG news 1 1", sub.readLine());
        client().send("PUB news 1\r\nc\r\n").sync();
        assertEquals("FWD $G news [] c", route.readLine(), "the routed message did not go on to the route");
        assertEquals("FWD $G news [] c", gateway.readLine(), "nor to the gateway");
    }

    @Test
    void aMessageFromAGatewayGoesToRoutesButNeverToAnotherGateway() throws Exception {
        Peer from = peer(PeerKind.GATEWAY);
        Peer route = peer(PeerKind.ROUTE);
        Peer gateway = peer(PeerKind.GATEWAY);
        onLoop(route, () -> route.session.interest(g, "news", null, 1));
        onLoop(gateway, () -> gateway.session.interest(g, "news", null, 1));
        onLoop(from, () -> from.session.interest(g, "news", null, 1));
        Client sub = client();
        sub.send("SUB news 1\r\n").sync();
        onLoop(from, () -> {
            from.session.deliver(g, view("news", "x"), QueueNames.NONE);
            from.session.endOfReadBatch();
        });
        assertEquals("MSG news 1 1", sub.readLine());
        assertEquals("FWD $G news [] x", route.readLine(), "the rest of the cluster gets it over the route");
        client().send("PUB news 1\r\nc\r\n").sync();
        assertEquals("FWD $G news [] c", gateway.readLine(), "the other cluster did not get the gateway's message");
        assertEquals("FWD $G news [] c", from.readLine(), "nor did the cluster it came from");
    }

    @Test
    void aQueueGroupIsServedInThisClusterBeforeAnother() throws Exception {
        Peer route = peer(PeerKind.ROUTE);
        Peer gateway = peer(PeerKind.GATEWAY);
        onLoop(gateway, () -> gateway.session.interest(g, "work", "grp", 5));
        onLoop(route, () -> route.session.interest(g, "work", "grp", 1));
        Client publisher = client();
        publisher.send("PUB work 1\r\nx\r\n".repeat(20)).sync();
        for (int i = 0; i < 20; i++) {
            assertEquals("FWD $G work [grp] x", route.readLine());
        }
        onLoop(route, () -> route.session.noInterest(g, "work", "grp"));
        publisher.send("PUB work 1\r\ny\r\n").sync();
        assertEquals("FWD $G work [grp] y", gateway.readLine(), "another cluster serves it when this one has none");
    }

    @Test
    void aGatewayHearsOfTheWholeClustersInterestAndARouteOfThisServersOnly() throws Exception {
        Peer route = peer(PeerKind.ROUTE);
        Peer otherRoute = peer(PeerKind.ROUTE);
        Peer gateway = peer(PeerKind.GATEWAY);
        Peer otherGateway = peer(PeerKind.GATEWAY);
        List<String> toRoute = new CopyOnWriteArrayList<>();
        List<String> toGateway = new CopyOnWriteArrayList<>();
        onLoop(route, () -> route.session.watchInterest(recorder(toRoute)));
        onLoop(gateway, () -> gateway.session.watchInterest(recorder(toGateway)));
        onLoop(otherRoute, () -> otherRoute.session.interest(g, "remote", null, 1));
        onLoop(otherGateway, () -> otherGateway.session.interest(g, "far", null, 1));
        client().send("SUB here 1\r\n").sync();
        onLoop(otherRoute, () -> otherRoute.session.noInterest(g, "remote", null));
        assertEquals(List.of("+here"), toRoute);
        assertEquals(List.of("+remote", "+here", "-remote"), toGateway);
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
