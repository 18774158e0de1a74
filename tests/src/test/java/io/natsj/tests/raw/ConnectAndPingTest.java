package io.natsj.tests.raw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.RawClient;
import io.natsj.tests.support.ServerCache;
import io.natsj.tests.support.ServerUnderTest;
import io.natsj.tests.support.Target;
import java.util.List;
import org.junit.jupiter.api.AfterAll;

/** CONNECT handling, verbose acknowledgements and PING/PONG. */
class ConnectAndPingTest {

    private static final ServerCache SERVERS = new ServerCache("");

    @AfterAll
    static void stopServers() {
        SERVERS.close();
    }

    @AllTargets
    void verboseAcknowledgesEveryOperation(Target target) {
        try (RawClient c = RawClient.open(SERVERS.get(target))) {
            c.send("CONNECT {\"verbose\":true,\"headers\":true}\r\n");
            c.expectLine("+OK");
            c.send("SUB foo 1\r\n");
            c.expectLine("+OK");
            c.send("PUB bar 2\r\nhi\r\n");
            c.expectLine("+OK");
            c.send("HPUB bar 12 14\r\nNATS/1.0\r\n\r\nhi\r\n");
            c.expectLine("+OK");
            c.send("UNSUB 1\r\n");
            c.expectLine("+OK");
            // An unknown sid is not an error.
            c.send("UNSUB 99\r\n");
            c.expectLine("+OK");
            // PING is answered by PONG only, never +OK.
            c.send("PING\r\n");
            c.expectLine("PONG");
            c.send("PING\r\n");
            c.expectLine("PONG");
        }
    }

    @AllTargets
    void beforeConnectVerboseIsOn(Target target) {
        try (RawClient c = RawClient.open(SERVERS.get(target))) {
            c.send("PUB foo 1\r\na\r\n");
            c.expectLine("+OK");
        }
    }

    @AllTargets
    void emptyConnectKeepsVerboseOn(Target target) {
        try (RawClient c = RawClient.open(SERVERS.get(target))) {
            c.send("CONNECT {}\r\n");
            c.expectLine("+OK");
            c.send("SUB foo 1\r\n");
            c.expectLine("+OK");
        }
    }

    @AllTargets
    void laterConnectChangesOnlyTheFieldsItNames(Target target) {
        try (RawClient c = RawClient.open(SERVERS.get(target))) {
            c.send("CONNECT {\"verbose\":true,\"pedantic\":true,\"headers\":true,\"no_responders\":true}\r\n");
            c.expectLine("+OK");
            c.send("CONNECT {\"echo\":true}\r\n");
            c.expectLine("+OK");
            // headers still on
            c.send("SUB foo 1\r\nHPUB foo 12 14\r\nNATS/1.0\r\n\r\nhi\r\n");
            c.expectLine("+OK");
            c.expectLine("+OK");
            c.expectFrame("HMSG foo 1 12 14", "NATS/1.0\r\n\r\nhi");
            // pedantic still on
            c.send("PUB foo.* 0\r\n\r\n");
            c.expectLine("-ERR 'Invalid Publish Subject'");
            c.expectLine("+OK");
            // no_responders still on
            c.send("SUB _INBOX.x 7\r\nPUB nobody _INBOX.x 0\r\n\r\n");
            c.expectLine("+OK");
            c.expectLine("+OK");
            c.expectFrame("HMSG _INBOX.x 7 16 16", "NATS/1.0 503\r\n\r\n");
            // Turning headers off while no_responders stays on is refused.
            c.send("CONNECT {\"headers\":false}\r\n");
            c.expectClosedAfter("-ERR 'no responders requires headers support'\r\n");
        }
    }

    @AllTargets
    void laterConnectCanTurnVerboseOff(Target target) {
        try (RawClient c = RawClient.open(SERVERS.get(target))) {
            c.send("CONNECT {\"verbose\":true}\r\n");
            c.expectLine("+OK");
            c.send("CONNECT {\"verbose\":false}\r\nSUB foo 1\r\n");
            c.expectNothingPending();
        }
    }

    @AllTargets
    void connectFieldNamesMatchInAnyCaseAndNullChangesNothing(Target target) {
        // Go's JSON decoding: names match case-insensitively, null leaves a field as it was.
        try (RawClient c = RawClient.open(SERVERS.get(target))) {
            c.send("CONNECT {\"VERBOSE\":false}\r\nPING\r\n");
            c.expectLine("PONG");
        }
        try (RawClient c = RawClient.open(SERVERS.get(target))) {
            c.send("CONNECT {\"verbose\":null,\"x\":[1,{\"verbose\":false}]}\r\nPING\r\n");
            c.expectLine("+OK");
            c.expectLine("PONG");
        }
        try (RawClient c = RawClient.open(SERVERS.get(target))) {
            c.send("CONNECT null\r\nPING\r\n");
            c.expectLine("+OK");
            c.expectLine("PONG");
        }
    }

    @AllTargets
    void connectValueOfTheWrongTypeClosesWithoutError(Target target) {
        for (String connect : new String[] {"{\"protocol\":1.0}", "{\"name\":5}", "{\"verbose\":\"false\"}", "[]"}) {
            try (RawClient c = RawClient.open(SERVERS.get(target))) {
                c.send("CONNECT " + connect + "\r\nPING\r\n");
                c.expectClosedAfter("");
            }
        }
    }

    @AllTargets
    void pingWithArgumentGetsPong(Target target) {
        try (RawClient c = RawClient.connect(SERVERS.get(target))) {
            c.send("PING x\r\n");
            c.expectLine("PONG");
        }
    }

    @AllTargets
    void clientInfoAndOkAreIgnored(Target target) {
        try (RawClient c = RawClient.connect(SERVERS.get(target))) {
            c.send("INFO {}\r\n+OK\r\nPING\r\n");
            c.expectLine("PONG");
        }
    }

    @AllTargets
    void invalidConnectClosesWithoutError(Target target) {
        ServerUnderTest server = SERVERS.get(target);
        List<String> invalid = List.of(
                "CONNECT {bad\r\n",
                "CONNECT\r\n",
                "CONNECT {\"verbose\":\"x\"}\r\n",
                "CONNECT {} x\r\n");
        try (RawClient bystander = RawClient.connect(server)) {
            bystander.send("SUB watch 1\r\n").sync();
            for (String connect : invalid) {
                try (RawClient c = RawClient.open(server)) {
                    c.send(connect);
                    assertEquals("", c.readUntilClosed(RawClient.TIMEOUT), "for " + connect.strip());
                }
                // Bad input on one connection does not disturb another's traffic.
                try (RawClient pub = RawClient.connect(server)) {
                    pub.send("PUB watch 2\r\nok\r\n").sync();
                }
                bystander.expectFrame("MSG watch 1 2", "ok");
            }
        }
    }

    @AllTargets
    void noRespondersWithoutHeadersIsRejected(Target target) {
        try (RawClient c = RawClient.open(SERVERS.get(target))) {
            c.send("CONNECT {\"verbose\":false,\"no_responders\":true}\r\n");
            c.expectClosedAfter("-ERR 'no responders requires headers support'\r\n");
        }
    }

    @AllTargets
    void silentClientStillAliveAfterRoundTrips(Target target) {
        try (RawClient c = RawClient.connect(SERVERS.get(target))) {
            for (int i = 0; i < 10; i++) {
                c.send("PING\r\n");
            }
            for (int i = 0; i < 10; i++) {
                c.expectLine("PONG");
            }
            assertTrue(c.isAlive());
        }
    }
}
