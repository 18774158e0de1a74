package io.natsj.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.nats.client.Connection;
import io.nats.client.Subscription;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code trace: true} traces gateway protocol traffic as nats-server 2.9.10 does: the other
 * cluster's RS+ received ({@code <<- [RS+ $G subject]}), the RMSG sent
 * ({@code ->> [RMSG $G subject 2]}), and on the other side the RMSG and its payload received;
 * INFO is never traced.
 */
class GatewayTraceTest {

    @RegisterExtension
    final ClusterRun run = new ClusterRun();

    @ParameterizedTest
    @ValueSource(strings = {"natsj", "nats-server"})
    void gatewayTrafficIsTraced(String kind) throws Exception {
        String a = "trace: true\ngateway { name: A, listen: \"127.0.0.1:-1\" }";
        ClusterNode na = run.add(kind.equals("natsj") ? ClusterNode.natsj("A1", List.of(), "name: A", a)
                : ClusterNode.go("A1", List.of(), "name: A", a));
        String b = "trace: true\ngateway { name: B, listen: \"127.0.0.1:-1\", gateways: [ { name: A, url: \""
                + na.gatewayUrl() + "\" } ] }";
        ClusterNode nb = run.add(kind.equals("natsj") ? ClusterNode.natsj("B1", List.of(), "name: B", b)
                : ClusterNode.go("B1", List.of(), "name: B", b));
        Connection sub = run.connect(nb, null);
        Subscription s = sub.subscribe("trace.me");
        sub.flush(Duration.ofSeconds(5));
        Connection pub = run.connect(na, null);
        run.await(Duration.ofSeconds(20), () -> {
            pub.publish("trace.me", "hi".getBytes());
            try {
                return s.nextMessage(Duration.ofMillis(200)) != null;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, () -> "message across");
        run.await(Duration.ofSeconds(10), () -> na.log().contains("<<- [RS+ $G trace.me]")
                        && na.log().contains("->> [RMSG $G trace.me 2]")
                        && nb.log().contains("<<- [RMSG $G trace.me 2]") && nb.log().contains("<<- MSG_PAYLOAD: [\"hi\"]"),
                () -> "traces:\n" + na.log() + "\n" + nb.log());
        assertFalse(na.log().matches("(?s).*(<<-|->>) \\[INFO.*"), "INFO is not traced");
    }
}
