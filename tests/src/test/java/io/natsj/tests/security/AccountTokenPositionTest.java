package io.natsj.tests.security;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.RawClient;
import io.natsj.tests.support.ServerUnderTest;
import io.natsj.tests.support.Target;

/**
 * {@code account_token_position} on configured exports: an import is approved only when the
 * importing account's name is the named token of the imported subject (whatever
 * {@code accounts} says), an import of the exported wildcard subject itself never is, and the
 * position must name a {@code *} token of the export. Also the export fields nats-server
 * 2.9.10 does not know in a configuration file.
 */
class AccountTokenPositionTest {

    private static final String CONFIG = """
            accounts {
              A: {
                users: [ {user: a, password: a} ]
                exports: [
                  {stream: "feed.*.news", account_token_position: 2, accounts: [C]}
                  {service: "svc.*.ask", account_token_position: 2}
                ]
              }
              B: {
                users: [ {user: b, password: b} ]
                imports: [
                  {stream: {account: A, subject: "feed.B.news"}}
                  {service: {account: A, subject: "svc.B.ask"}, to: "ask"}
                ]
              }
              C: {}
            }
            """;

    private static RawClient login(ServerUnderTest server, String user) {
        return RawClient.connect(server, "{\"verbose\":false,\"user\":\"" + user + "\",\"pass\":\"" + user + "\"}");
    }

    @AllTargets
    void importWithItsOwnNameAtThePositionIsApproved(Target target) {
        try (ServerUnderTest server = target.start(CONFIG);
                RawClient a = login(server, "a");
                RawClient b = login(server, "b")) {
            b.send("SUB feed.> 1\r\nSUB reply.1 2\r\n").sync();
            a.send("SUB svc.B.ask 7\r\nPUB feed.B.news 2\r\nhi\r\nPUB feed.C.news 2\r\nno\r\n").sync();
            b.expectFrame("MSG feed.B.news 1 2", "hi");
            b.send("PUB ask reply.1 1\r\n?\r\n").sync();
            String request = a.readLine();
            assertTrue(request.startsWith("MSG svc.B.ask 7 "), request);
            b.expectNothingPending();
        }
    }

    @AllTargets
    void importNamingAnotherAccountIsRefused(Target target) {
        refused(target, "{stream: {account: A, subject: \"feed.C.news\"}}",
                "Error adding stream import \"feed.C.news\": stream import not authorized");
        refused(target, "{service: {account: A, subject: \"svc.A.ask\"}}",
                "Error adding service import \"svc.A.ask\": service import not authorized");
    }

    @AllTargets
    void importOfTheWildcardItselfIsRefused(Target target) {
        refused(target, "{stream: {account: A, subject: \"feed.*.news\"}}",
                "Error adding stream import \"feed.*.news\": stream import not authorized");
        refused(target, "{service: {account: A, subject: \"svc.*.ask\"}}",
                "Error adding service import \"svc.*.ask\": service import not authorized");
    }

    @AllTargets
    void positionMustNameAWildcardToken(Target target) {
        startFails(target, "{stream: \"feed.*.news\", account_token_position: 3}",
                "Error adding stream export \"feed.*.news\": sublist: invalid subject");
        startFails(target, "{service: \"svc.*\", account_token_position: 4}",
                "Error adding service export \"svc.*\": sublist: invalid subject");
    }

    @AllTargets
    void exportFieldsOfAccountJwtsAreUnknownInAConfigFile(Target target) {
        startFails(target, "{stream: \"x.>\", advertise: true}", "unknown field \"advertise\"");
        startFails(target, "{stream: \"x.>\", description: \"d\"}", "unknown field \"description\"");
        startFails(target, "{service: \"x.y\", info_url: \"http://example.com\"}", "unknown field \"info_url\"");
    }

    private static void refused(Target target, String imp, String expected) {
        String config = """
                accounts {
                  A: { exports: [ {stream: "feed.*.news", account_token_position: 2},
                                  {service: "svc.*.ask", account_token_position: 2} ] }
                  B: { imports: [ %s ] }
                }
                """.formatted(imp);
        assertStartupError(target, config, expected);
    }

    private static void startFails(Target target, String export, String expected) {
        assertStartupError(target, "accounts { A: { exports: [ " + export + " ] } }\n", expected);
    }

    private static void assertStartupError(Target target, String config, String expected) {
        Exception e = assertThrows(Exception.class, () -> target.start(config).close());
        assertNotNull(e.getMessage());
        assertTrue(e.getMessage().contains(expected), () -> "expected <" + expected + "> in: " + e.getMessage());
    }
}
