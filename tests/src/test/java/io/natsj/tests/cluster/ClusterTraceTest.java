package io.natsj.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code trace: true} traces route traffic as nats-server 2.9.10 does, in its format
 * ({@code 127.0.0.1:port - rid:N - <<- [RS+ $G subject]}, {@code ->> [RMSG $G subject 5]},
 * {@code <<- MSG_PAYLOAD: ["hello"]}): the same lines are awaited from both servers' logs.
 */
class ClusterTraceTest {

    private static final String ROUTE = "127\\.0\\.0\\.1:\\d+ - rid:\\d+ - ";

    @RegisterExtension
    final ClusterRun run = new ClusterRun();

    @ParameterizedTest
    @ValueSource(strings = {"natsj", "nats-server"})
    void routeInterestMessagesAndPingsAreTraced(String server) throws Exception {
        ClusterNode a = run.add(node(server, "A", List.of()));
        ClusterNode b = run.add(node(server, "B", List.of(a.routeUrl())));
        run.await(() -> a.routeIds().size() == 1 && b.routeIds().size() == 1);
        Connection sub = run.connect(a, null);
        Connection pub = run.connect(b, null);
        run.awaitRoute(pub, sub);
        // After the route is up: interest sent when a route registers is not traced, a change is.
        Subscription s = sub.subscribe("traced.subject");
        sub.flush(ClusterRun.WAIT);
        run.awaitRoute(pub, sub);
        pub.publish("traced.subject", "hello".getBytes(StandardCharsets.UTF_8));
        Message m = s.nextMessage(ClusterRun.WAIT);
        assertEquals("hello", new String(m.getData(), StandardCharsets.UTF_8));

        awaitLine(a, "->> \\[RS\\+ \\$G traced\\.subject\\]");
        awaitLine(b, "<<- \\[RS\\+ \\$G traced\\.subject\\]");
        awaitLine(b, "->> \\[RMSG \\$G traced\\.subject 5\\]");
        awaitLine(a, "<<- \\[RMSG \\$G traced\\.subject 5\\]");
        awaitLine(a, "<<- MSG_PAYLOAD: \\[\"hello\"\\]");
        awaitLine(a, "<<- \\[CONNECT \\{.*\"cluster\":\"c1\".*\\}\\]");
        awaitLine(a, "->> \\[PING\\]");
        awaitLine(a, "<<- \\[PONG\\]");
        s.unsubscribe();
        sub.flush(ClusterRun.WAIT);
        awaitLine(b, "<<- \\[RS- \\$G traced\\.subject\\]");
    }

    /**
     * A client's password never reaches the log: both servers trace {@code "pass":"[REDACTED]"}.
     * (natsj also redacts {@code auth_token}, which nats-server 2.9.10 logs in full.)
     */
    @ParameterizedTest
    @ValueSource(strings = {"natsj", "nats-server"})
    void clientPasswordIsRedactedInTheConnectTrace(String server) throws Exception {
        String top = "trace: true\nauthorization { user: bob, password: s3cret }";
        ClusterNode a = run.add(server.equals("nats-server") ? goNode("A", top) : ClusterNode.natsj("A", List.of(), "", top));
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", a.clientPort())) {
            s.getOutputStream().write("CONNECT {\"user\":\"bob\",\"pass\":\"s3cret\",\"verbose\":false}\r\nPING\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            Pattern line = Pattern.compile("(?m)\\[TRC\\] .* - cid:\\d+ - <<- \\[CONNECT \\{\"user\":\"bob\",\"pass\":\"\\[REDACTED\\]\",\"verbose\":false\\}\\]$");
            run.await(() -> line.matcher(a.log()).find(), () -> a + " traced no redacted CONNECT:\n" + a.log());
        }
        org.junit.jupiter.api.Assertions.assertFalse(a.log().contains("s3cret"), a.log());
    }

    private static ClusterNode goNode(String name, String top) {
        assumeTrue(Files.isExecutable(ClusterNode.GO_BINARY), "nats-server not installed");
        return ClusterNode.go(name, List.of(), "", top);
    }

    private void awaitLine(ClusterNode n, String op) {
        Pattern line = Pattern.compile("(?m)\\[TRC\\] " + ROUTE + op + "$");
        run.await(() -> line.matcher(n.log()).find(), () -> n + " traced no line like " + line + ":\n" + n.log());
    }

    private static ClusterNode node(String server, String name, List<String> routes) {
        if (server.equals("nats-server")) {
            assumeTrue(Files.isExecutable(ClusterNode.GO_BINARY), "nats-server not installed");
            return ClusterNode.go(name, routes, "", "trace: true");
        }
        return ClusterNode.natsj(name, routes, "", "trace: true");
    }
}
