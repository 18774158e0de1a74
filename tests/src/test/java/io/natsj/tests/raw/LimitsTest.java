package io.natsj.tests.raw;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.RawClient;
import io.natsj.tests.support.ServerCache;
import io.natsj.tests.support.ServerUnderTest;
import io.natsj.tests.support.Target;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;

/** Configured limits: max_payload, max_control_line, max_subscriptions and max_connections. */
class LimitsTest {

    private static final ServerCache SERVERS = new ServerCache(
            "max_payload: 1024\nmax_control_line: 256\nmax_subscriptions: 2");

    @AfterAll
    static void stopServers() {
        SERVERS.close();
    }

    @AllTargets
    void payloadAtLimitIsAcceptedOverLimitCloses(Target target) {
        ServerUnderTest server = SERVERS.get(target);
        try (RawClient c = RawClient.connect(server)) {
            String max = "x".repeat(1024);
            c.send("SUB big 1\r\nPUB big 1024\r\n" + max + "\r\n");
            c.expectFrame("MSG big 1 1024", max);
            c.send("PUB big 1025\r\n");
            c.expectClosedAfter("-ERR 'Maximum Payload Violation'\r\n");
        }
    }

    @AllTargets
    void longControlLineCloses(Target target) {
        ServerUnderTest server = SERVERS.get(target);
        String subject = "a".repeat(300);
        // A complete long line, a long line without its CRLF yet, and a long SUB all trip it.
        for (String line : List.of("PUB " + subject + " 1\r\nx\r\n", "PUB " + subject, "SUB " + subject + " 1\r\n")) {
            try (RawClient c = RawClient.connect(server)) {
                c.send(line);
                c.expectClosedAfter("-ERR 'maximum control line exceeded'\r\n");
            }
        }
    }

    @AllTargets
    void controlLineUnderLimitIsFine(Target target) {
        try (RawClient c = RawClient.connect(SERVERS.get(target))) {
            String subject = "b".repeat(200);
            c.send("SUB " + subject + " 1\r\nPUB " + subject + " 1\r\nx\r\n");
            c.expectFrame("MSG " + subject + " 1 1", "x");
        }
    }

    @AllTargets
    void tooManySubscriptionsIsAnErrorButConnectionStays(Target target) {
        try (RawClient c = RawClient.connect(SERVERS.get(target))) {
            c.send("SUB a 1\r\nSUB b 2\r\nSUB c 3\r\n");
            c.expectLine("-ERR 'maximum subscriptions exceeded'");
            c.send("PUB a 1\r\n1\r\nPUB c 1\r\n3\r\n");
            c.expectFrame("MSG a 1 1", "1");
            c.expectNothingPending();
        }
    }

    @AllTargets
    void duplicateSidDoesNotCountTowardsSubscriptions(Target target) {
        try (RawClient c = RawClient.connect(SERVERS.get(target))) {
            c.send("SUB a 1\r\nSUB a 1\r\nSUB b 2\r\n");
            c.expectNothingPending();
        }
    }

    @AllTargets
    void connectionOverMaxConnectionsIsRejected(Target target) {
        // Its own server: connections closed by other tests must not count against the limit.
        List<RawClient> open = new ArrayList<>();
        try (ServerUnderTest server = target.start("max_connections: 3")) {
            for (int i = 0; i < 3; i++) {
                open.add(RawClient.connect(server));
            }
            try (RawClient extra = RawClient.open(server)) {
                // INFO was read by open(); the error follows it, then the server closes.
                assertEquals("-ERR 'maximum connections exceeded'\r\n", extra.readUntilClosed(RawClient.TIMEOUT));
            }
            open.forEach(RawClient::sync);
        } finally {
            open.forEach(RawClient::close);
        }
    }
}
