package io.natsj.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Gateway optimistic mode, byte by byte against a raw gateway peer ({@link GatewayPeer}) that,
 * as a nats-server before 2.9, announces no interest-only mode. nats-server 2.9.10 cannot be
 * made to act as such a peer, so both servers face the raw one and must answer alike.
 *
 * <p>As receiver (the peer dials in and sends optimistically): every account switched at
 * registration (INFO gateway_cmd 2, its RS+, INFO gateway_cmd 3), A- for an account without
 * subscriptions (or unknown), A+ once one comes, RS- for a subject nothing takes, RS+ when one
 * comes, and after 1,000 subjects answered with RS- the account switched again.
 *
 * <p>As sender (the server dials the peer): every message of an account goes to the peer until
 * it says RS- (a subject) or A- (the account), RS+ and A+ clear them, a queue group's RS+ is a
 * subscription, an A- while the peer has queue groups clears its RS- list instead, and the
 * peer's INFO gateway_cmd 2/3 switch the account to sending on its RS+ alone.
 */
class GatewayOptimisticTest {

    private static final Set<String> ACCOUNTS = Set.of("$G", "NOPE");

    @RegisterExtension
    final ClusterRun run = new ClusterRun();

    private ClusterNode server(String kind, String gateway) {
        return run.add(kind.equals("natsj") ? ClusterNode.natsj("B1", List.of(), "name: B", gateway)
                : ClusterNode.go("B1", List.of(), "name: B", gateway));
    }

    @ParameterizedTest
    @ValueSource(strings = {"natsj", "nats-server"})
    void receiverAnswersOptimisticMessagesAndSwitches(String kind) throws Exception {
        // Without a system account: with one, nats-server's system imports give every account
        // subscriptions, so that only unknown accounts get an A- (see the next test).
        ClusterNode b = server(kind, "gateway { name: B, listen: \"127.0.0.1:-1\" }\nno_system_account: true");
        Connection c = run.connect(b, null);
        Subscription keep = c.subscribe("keep");
        c.flush(Duration.ofSeconds(5));
        int port = Integer.parseInt(b.gatewayUrl().substring(b.gatewayUrl().lastIndexOf(':') + 1));
        try (GatewayPeer p = GatewayPeer.dial(port)) {
            receive(p, c, keep);
            JsonNode in = b.monitor("/gatewayz?acc_name=$G").path("inbound_gateways").path("A").path(0)
                    .path("accounts").path(0);
            assertEquals("{\"name\":\"$G\",\"interest_mode\":\"Interest-Only\",\"interest_only_threshold\":1000}",
                    in.toString(), "/gatewayz inbound account");
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nserver log:\n" + b.log(), e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"natsj", "nats-server"})
    void receiverWithSystemAccountAnswersUnknownAccountsOnly(String kind) throws Exception {
        ClusterNode b = server(kind, "gateway { name: B, listen: \"127.0.0.1:-1\" }");
        Connection c = run.connect(b, null);
        Subscription keep = c.subscribe("keep");
        c.flush(Duration.ofSeconds(5));
        int port = Integer.parseInt(b.gatewayUrl().substring(b.gatewayUrl().lastIndexOf(':') + 1));
        try (GatewayPeer p = GatewayPeer.dial(port)) {
            expect(p, "INFO cmd=2 acc=$G", "RS+ $G keep", "INFO cmd=3 acc=$G");
            keep.unsubscribe();
            c.flush(Duration.ofSeconds(5));
            expect(p, "RS- $G keep");
            p.message("$G", "foo", "x");
            quiet(p);
            c.subscribe("bar");
            c.flush(Duration.ofSeconds(5));
            expect(p, "RS+ $G bar");
            p.message("NOPE", "x", "x").message("NOPE", "y", "x");
            expect(p, "A- NOPE");
            quiet(p);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nserver log:\n" + b.log(), e);
        }
    }

    private static void receive(GatewayPeer p, Connection c, Subscription keep) throws Exception {
        expect(p, "INFO cmd=2 acc=$G", "RS+ $G keep", "INFO cmd=3 acc=$G");

        p.message("$G", "nothing", "x");
        quiet(p);

        keep.unsubscribe();
        c.flush(Duration.ofSeconds(5));
        expect(p, "RS- $G keep");

        p.message("$G", "foo", "x").message("$G", "foo", "x");
        expect(p, "A- $G");
        quiet(p);

        c.subscribe("bar");
        c.flush(Duration.ofSeconds(5));
        expect(p, "A+ $G");

        Subscription work = c.subscribe("work", "g");
        c.flush(Duration.ofSeconds(5));
        expect(p, "RS+ $G work g 1");

        p.message("$G", "foo", "x").message("$G", "foo", "x");
        expect(p, "RS- $G foo");
        quiet(p);

        Subscription foo = c.subscribe("foo");
        Subscription baz = c.subscribe("baz");
        baz.unsubscribe();
        c.flush(Duration.ofSeconds(5));
        expect(p, "RS+ $G foo");
        quiet(p);

        p.message("$G", "foo", "hello");
        Message m = foo.nextMessage(Duration.ofSeconds(5));
        assertNotNull(m, "an optimistic message with interest is delivered");
        assertEquals("hello", new String(m.getData(), StandardCharsets.UTF_8));

        // A queue group's message without plain interest: delivered, and answered with RS-.
        p.send("RMSG $G work | g 2\r\nqq\r\n");
        assertNotNull(work.nextMessage(Duration.ofSeconds(5)), "queue member gets the message");
        expect(p, "RS- $G work");

        // 1,000 subjects answered with RS- (work is one); the next switches the account.
        for (int i = 0; i < 999; i++) {
            p.message("$G", "s." + i, "x");
        }
        p.sync();
        for (int i = 0; i < 999; i++) {
            assertEquals("RS- $G s." + i, nextFor(p));
        }
        p.message("$G", "s.999", "x");
        assertEquals("INFO cmd=2 acc=$G", nextFor(p));
        Set<String> announced = new HashSet<>();
        String line;
        while (!(line = nextFor(p)).startsWith("INFO")) {
            announced.add(line);
        }
        assertEquals(Set.of("RS+ $G bar", "RS+ $G foo"), announced, "the account's plain subscriptions");
        assertEquals("INFO cmd=3 acc=$G", line);
        quiet(p);

        Subscription qux = c.subscribe("qux");
        c.flush(Duration.ofSeconds(5));
        expect(p, "RS+ $G qux");
        qux.unsubscribe();
        c.flush(Duration.ofSeconds(5));
        expect(p, "RS- $G qux");
        p.message("$G", "nothing.else", "x");
        quiet(p);

        p.message("NOPE", "x", "x").message("NOPE", "x", "x");
        expect(p, "A- NOPE");
        quiet(p);
    }

    @ParameterizedTest
    @ValueSource(strings = {"natsj", "nats-server"})
    void senderRespectsNoInterestAndSwitches(String kind) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ClusterNode b = server(kind, "gateway { name: B, listen: \"127.0.0.1:-1\", gateways: [ { name: A, url: "
                    + "\"nats://127.0.0.1:" + listener.getLocalPort() + "\" } ] }");
            Connection c = run.connect(b, null);
            try (GatewayPeer p = GatewayPeer.accept(listener)) {
                send(p, c, b);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\nserver log:\n" + b.log(), e);
            }
        }
    }

    private static void send(GatewayPeer p, Connection c, ClusterNode b) throws Exception {
        p.sync();
        p.drain();
        publish(c, "a.1");
        expectMessage(p, "a.1");

        p.send("RS- $G a.1\r\n").sync();
        publish(c, "a.1", "a.2");
        expectMessage(p, "a.2");
        assertEquals("{\"name\":\"$G\",\"interest_mode\":\"Optimistic\",\"no_interest_count\":1,"
                + "\"interest_only_threshold\":1000}",
                b.monitor("/gatewayz?accs=1").path("outbound_gateways").path("A").path("accounts").path(0)
                        .toString(), "/gatewayz outbound account");

        p.send("RS+ $G a.1\r\n").sync();
        publish(c, "a.1");
        expectMessage(p, "a.1");

        p.send("RS- $G a.1\r\nRS+ $G a.*\r\n").sync();
        publish(c, "a.1");
        expectMessage(p, "a.1");

        p.send("A- $G\r\n").sync();
        publish(c, "a.3");
        p.send("A+ $G\r\n").sync();
        publish(c, "a.4");
        expectMessage(p, "a.4");

        p.send("RS+ $G q.1 grp 1\r\n").sync();
        publish(c, "q.1");
        expectFrame(p, "RMSG $G q.1 | grp 2");
        // With a queue group, A- empties the RS- list instead of refusing the account.
        p.send("RS- $G a.5\r\nA- $G\r\n").sync();
        publish(c, "a.5");
        expectMessage(p, "a.5");
        p.send("RS- $G q.1 grp\r\n").sync();

        p.send(GatewayPeer.command(2, "$G")).send("RS+ $G b.1\r\n").send(GatewayPeer.command(3, "$G")).sync();
        publish(c, "b.2", "b.1");
        expectMessage(p, "b.1");
        p.send("RS- $G b.1\r\nRS+ $G m\r\n").sync();
        publish(c, "b.1", "a.6", "m");
        expectMessage(p, "m");
    }

    private static void publish(Connection c, String... subjects) throws Exception {
        for (String s : subjects) {
            c.publish(s, "hi".getBytes(StandardCharsets.UTF_8));
        }
        c.flush(Duration.ofSeconds(5));
    }

    /** The next message frame the peer gets: RMSG on the subject, payload "hi". */
    private static void expectMessage(GatewayPeer p, String subject) {
        expectFrame(p, "RMSG $G " + subject + " 2");
    }

    private static void expectFrame(GatewayPeer p, String control) {
        String line;
        do {
            line = p.next();
        } while (line.startsWith("INFO"));
        assertEquals(control, line);
        assertEquals("hi", p.next());
    }

    /** The next lines about the test's accounts are these, in order. */
    private static void expect(GatewayPeer p, String... lines) {
        List<String> got = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            got.add(nextFor(p));
        }
        assertEquals(List.of(lines), got);
    }

    /** Nothing more about the test's accounts came after a PING round trip. */
    private static void quiet(GatewayPeer p) {
        p.sync();
        List<String> more = new ArrayList<>();
        for (String line : p.drain()) {
            if (concerns(line)) {
                more.add(line);
            }
        }
        assertEquals(List.of(), more, "nothing more");
    }

    private static String nextFor(GatewayPeer p) {
        while (true) {
            String line = p.next();
            if (concerns(line)) {
                return line;
            }
        }
    }

    private static boolean concerns(String line) {
        String[] t = line.split(" ");
        if (line.startsWith("INFO cmd=2 ") || line.startsWith("INFO cmd=3 ")) {
            return ACCOUNTS.contains(t[2].substring(4));
        }
        return t.length > 1 && ACCOUNTS.contains(t[1]);
    }
}
