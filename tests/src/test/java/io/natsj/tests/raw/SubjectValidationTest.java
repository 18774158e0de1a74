package io.natsj.tests.raw;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.RawClient;
import io.natsj.tests.support.ServerCache;
import io.natsj.tests.support.Target;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;

/**
 * Subject checks. SUB subjects are always validated. PUB subjects only for pedantic clients, and
 * nats-server treats a CONNECT that omits "pedantic" as pedantic: such a PUB to a wildcard or
 * malformed subject gets {@code -ERR 'Invalid Publish Subject'}, keeps the connection, and a
 * wildcard subject is still routed literally.
 */
class SubjectValidationTest {

    private static final ServerCache SERVERS = new ServerCache("");

    @AfterAll
    static void stopServers() {
        SERVERS.close();
    }

    @AllTargets
    void invalidSubscriptionSubjectIsRejectedButConnectionStays(Target target) {
        try (RawClient c = RawClient.open(SERVERS.get(target))) {
            c.send("CONNECT {\"verbose\":true,\"pedantic\":true}\r\n");
            c.expectLine("+OK");
            c.send("SUB foo..bar 1\r\n");
            c.expectLine("-ERR 'Invalid Subject'");
            c.send("SUB foo.>.bar 2\r\n");
            c.expectLine("-ERR 'Invalid Subject'");
            c.send("SUB foo 3\r\n");
            c.expectLine("+OK");
        }
    }

    @AllTargets
    void knownSidWithInvalidSubjectIsIgnored(Target target) {
        try (RawClient c = RawClient.open(SERVERS.get(target))) {
            c.send("CONNECT {\"verbose\":true}\r\n");
            c.expectLine("+OK");
            c.send("SUB foo 1\r\n");
            c.expectLine("+OK");
            // A sid in use makes SUB a no-op before its subject is looked at.
            c.send("SUB foo..bar 1\r\n");
            c.expectLine("+OK");
            c.send("SUB foo..bar 2\r\n");
            c.expectLine("-ERR 'Invalid Subject'");
            c.send("PUB foo 1\r\nx\r\n");
            c.expectLine("+OK");
            c.expectFrame("MSG foo 1 1", "x");
        }
    }

    @AllTargets
    void pedanticPublishSubjectIsCheckedBeforeThePayload(Target target) {
        try (RawClient c = RawClient.open(SERVERS.get(target))) {
            c.send("CONNECT {\"verbose\":true,\"pedantic\":true}\r\n");
            c.expectLine("+OK");
            c.send("SUB > 1\r\n");
            c.expectLine("+OK");
            c.send("PUB foo.* 2\r\n");
            // Answered before the payload arrives, and once more because the payload was not in
            // the same read (nats-server checks the arguments again when it keeps them).
            c.expectLine("-ERR 'Invalid Publish Subject'");
            c.expectLine("-ERR 'Invalid Publish Subject'");
            c.send("hi\r\n");
            c.expectLine("+OK");
            c.expectFrame("MSG foo.* 1 2", "hi");
        }
    }

    @AllTargets
    void invalidSubscriptionSubjectIsRejectedWithoutPedantic(Target target) {
        try (RawClient c = RawClient.connect(SERVERS.get(target))) {
            c.send("SUB foo..bar 1\r\n");
            c.expectLine("-ERR 'Invalid Subject'");
            c.expectNothingPending();
        }
    }

    @AllTargets
    void pedanticPublishToMalformedSubjectIsRejected(Target target) {
        try (RawClient c = RawClient.open(SERVERS.get(target))) {
            c.send("CONNECT {\"verbose\":true,\"pedantic\":true}\r\n");
            c.expectLine("+OK");
            c.send("SUB > 1\r\n");
            c.expectLine("+OK");
            c.send("PUB foo..bar 1\r\na\r\n");
            // The error is followed by the verbose +OK for the same PUB.
            c.expectLine("-ERR 'Invalid Publish Subject'");
            c.expectLine("+OK");
            c.expectNothingPending();
        }
    }

    @AllTargets
    void publishToEmptyTokenIsDeliveredToNobody(Target target) {
        try (RawClient c = RawClient.connect(SERVERS.get(target), "{\"verbose\":false,\"pedantic\":false}")) {
            c.send("SUB > 1\r\nSUB foo.*.bar 2\r\nPUB foo..bar 1\r\na\r\n");
            c.expectNothingPending();
        }
    }

    @AllTargets
    void pedanticIsOnWhenConnectOmitsIt(Target target) {
        try (RawClient c = RawClient.connect(SERVERS.get(target), "{\"verbose\":false}")) {
            c.send("SUB > 1\r\nPUB foo..bar 1\r\na\r\n");
            c.expectLine("-ERR 'Invalid Publish Subject'");
            c.expectNothingPending();
        }
    }

    @AllTargets
    void nonPedanticPublishToWildcardSubjectIsDeliveredLiterally(Target target) {
        try (RawClient c = RawClient.connect(SERVERS.get(target), "{\"verbose\":false,\"pedantic\":false}")) {
            c.send("SUB foo.* 1\r\nSUB > 2\r\n").sync();
            c.send("PUB foo.* 1\r\na\r\n");
            assertEquals(Set.of("MSG foo.* 1 1", "MSG foo.* 2 1"), readTwoFrames(c));
            c.expectNothingPending();
        }
    }

    @AllTargets
    void pedanticPublishToWildcardSubjectIsFlaggedButStillDelivered(Target target) {
        for (String connect : new String[] {"{\"verbose\":false,\"pedantic\":true}", "{\"verbose\":false}"}) {
            try (RawClient c = RawClient.connect(SERVERS.get(target), connect)) {
                c.send("SUB foo.* 1\r\nSUB > 2\r\n").sync();
                c.send("PUB foo.* 1\r\na\r\n");
                // The error comes before the deliveries.
                c.expectLine("-ERR 'Invalid Publish Subject'");
                assertEquals(Set.of("MSG foo.* 1 1", "MSG foo.* 2 1"), readTwoFrames(c), connect);
                c.expectNothingPending();
            }
        }
    }

    /** Reads two one-byte "a" frames; the order between sids is not defined. */
    private static Set<String> readTwoFrames(RawClient c) {
        Set<String> got = new HashSet<>();
        for (int i = 0; i < 2; i++) {
            got.add(c.readLine());
            assertEquals("a\r\n", new String(c.readBytes(3)));
        }
        return got;
    }
}
