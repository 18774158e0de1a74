package io.natsj.tests.security;

import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.RawClient;
import io.natsj.tests.support.ServerUnderTest;
import io.natsj.tests.support.Target;

/**
 * Subject permissions: a violation gets nats-server's exact {@code -ERR} and the connection
 * stays open; a wildcard subscription silently misses denied subjects; allow_responses lets a
 * responder answer each request once.
 */
class PermissionsTest {

    private static final String CONFIG = """
            authorization {
              users: [
                {user: admin, password: admin}
                {user: p, password: p, permissions: {publish: {deny: "secret.>"}, subscribe: {deny: "secret.>"}}}
                {user: r, password: r, permissions: {publish: "req.>", subscribe: "_INBOX.>"}}
                {user: s, password: s, permissions: {subscribe: "req.>", allow_responses: true}}
                {user: q, password: q, permissions: {subscribe: "work.* workers"}}
              ]
            }
            """;

    private static RawClient login(ServerUnderTest server, String user) {
        return RawClient.connect(server, "{\"verbose\":false,\"pedantic\":false,\"user\":\"" + user + "\",\"pass\":\""
                + user + "\"}");
    }

    @AllTargets
    void deniedPublishAndSubscribeKeepTheConnectionOpen(Target target) {
        try (ServerUnderTest server = target.start(CONFIG);
                RawClient p = login(server, "p");
                RawClient admin = login(server, "admin")) {
            p.send("PUB secret.x 1\r\nx\r\n");
            p.expectLine("-ERR 'Permissions Violation for Publish to \"secret.x\"'");
            p.send("SUB secret.a 1\r\n");
            p.expectLine("-ERR 'Permissions Violation for Subscription to \"secret.a\"'");
            p.sync();

            // A wildcard subscription is allowed, but denied subjects never reach it.
            p.send("SUB > 2\r\n").sync();
            admin.send("PUB secret.x 1\r\ns\r\nPUB public.x 1\r\np\r\n").sync();
            p.expectFrame("MSG public.x 2 1", "p");
            p.sync();
            p.expectNothingPending();
        }
    }

    @AllTargets
    void queuePermissionNamesTheGroup(Target target) {
        try (ServerUnderTest server = target.start(CONFIG);
                RawClient q = login(server, "q")) {
            q.send("SUB work.a workers 1\r\n").sync();
            q.send("SUB work.a 2\r\n");
            q.expectLine("-ERR 'Permissions Violation for Subscription to \"work.a\"'");
            q.send("SUB work.a others 3\r\n");
            q.expectLine("-ERR 'Permissions Violation for Subscription to \"work.a\" using queue \"others\"'");
            q.sync();
        }
    }

    @AllTargets
    void responderMayAnswerEachRequestOnce(Target target) {
        try (ServerUnderTest server = target.start(CONFIG);
                RawClient requester = login(server, "r");
                RawClient responder = login(server, "s")) {
            requester.send("SUB _INBOX.r1 1\r\n").sync();
            responder.send("SUB req.> 1\r\n").sync();
            requester.send("PUB req.1 _INBOX.r1 2\r\nq?\r\n").sync();
            responder.expectFrame("MSG req.1 1 _INBOX.r1 2", "q?");

            responder.send("PUB _INBOX.r1 2\r\nok\r\n").sync();
            requester.expectFrame("MSG _INBOX.r1 1 2", "ok");

            responder.send("PUB _INBOX.r1 5\r\nagain\r\n");
            responder.expectLine("-ERR 'Permissions Violation for Publish to \"_INBOX.r1\"'");
            responder.send("PUB other 1\r\nx\r\n");
            responder.expectLine("-ERR 'Permissions Violation for Publish to \"other\"'");
            responder.sync();
        }
    }
}
