package io.natsj.tests.security;

import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.RawClient;
import io.natsj.tests.support.ServerUnderTest;
import io.natsj.tests.support.Target;

/**
 * Accounts are isolated: the same subject in two accounts is two different subjects.
 */
class AccountsTest {

    private static final String CONFIG = """
            accounts {
              A: { users: [ {user: a1, password: a1}, {user: a2, password: a2} ] }
              B: { users: [ {user: b1, password: b1} ] }
            }
            """;

    private static RawClient login(ServerUnderTest server, String user) {
        return RawClient.connect(server, "{\"verbose\":false,\"user\":\"" + user + "\",\"pass\":\"" + user + "\"}");
    }

    @AllTargets
    void messagesStayInTheirAccount(Target target) {
        try (ServerUnderTest server = target.start(CONFIG);
                RawClient a1 = login(server, "a1");
                RawClient a2 = login(server, "a2");
                RawClient b1 = login(server, "b1")) {
            a1.send("SUB foo 1\r\n").sync();
            b1.send("SUB foo 1\r\n").sync();
            b1.send("PUB foo 2\r\nb!\r\n");
            b1.expectFrame("MSG foo 1 2", "b!"); // its own, echoed
            a2.send("PUB foo 2\r\na!\r\n").sync();
            a1.expectFrame("MSG foo 1 2", "a!");
            // Nothing crossed: the next thing each sees is the answer to its PING.
            a1.expectNothingPending();
            b1.expectNothingPending();
        }
    }

    @AllTargets
    void accountDefaultPermissionsApplyToItsUsers(Target target) {
        String config = """
                accounts {
                  A: {
                    default_permissions: { publish: { deny: "secret.>" } }
                    users: [ {user: a1, password: a1} ]
                  }
                }
                """;
        try (ServerUnderTest server = target.start(config);
                RawClient a1 = login(server, "a1")) {
            a1.send("PUB secret.x 1\r\nx\r\n");
            a1.expectLine("-ERR 'Permissions Violation for Publish to \"secret.x\"'");
            a1.expectNothingPending();
        }
    }
}
