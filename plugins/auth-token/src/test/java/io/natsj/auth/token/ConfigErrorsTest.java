package io.natsj.auth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.spi.PluginException;
import org.junit.jupiter.api.Test;

/** Configurations refused at startup, with nats-server's wording where it has one. */
class ConfigErrorsTest {

    private static final String NKEY = "UDXU4RCSJNZOIQHZNWXHXORDPRTGNJAHAHFRGZNEEJCPQTT2M7NLCNF4";

    private static String refused(String natsConf) {
        return assertThrows(PluginException.class, () -> Configs.create(Configs.text(natsConf))).getMessage();
    }

    @Test
    void unknownKeyInAUserEntryIsNamed() {
        assertEquals("unknown field \"authorization.users[2].foo\"", refused(
                "authorization { users: [ {user: a, password: b}, {user: b}, {user: c, password: d, foo: 1} ] }"));
        assertEquals("unknown field \"accounts.A.users[0].account\"",
                refused("accounts { A { users: [ {user: a, password: b, account: A} ] } }"));
    }

    @Test
    void unknownKeyInTheSectionIsNamedButVariablesAreNot() {
        assertEquals("unknown field \"authorization.foo\"", refused("authorization { foo: 1, token: abc }"));
        // Referenced as a $variable: nats-server does not report it, nor do we.
        Configs.create(Configs.text("authorization { P: pw, users: [ {user: a, password: $P} ] }")).orElseThrow();
    }

    @Test
    void combinationsNatsServerRefuses() {
        assertEquals("authorization: Cannot have a user/pass and token",
                refused("authorization { token: abc, user: a, password: b }"));
        assertEquals("authorization: Can not have a token and a users array",
                refused("authorization { token: abc, users: [ {user: a, password: b} ] }"));
        assertEquals("authorization: Can not have a token and a users array",
                refused("authorization { token: abc, users: [] }"));
        assertEquals("authorization: Can not have a single user/pass and a users array",
                refused("authorization { user: x, password: y, users: [ {user: a, password: b} ] }"));
        assertEquals("accounts: Can not have a token and accounts",
                refused("authorization { token: abc }\naccounts { A { users: [ {user: a, password: c} ] } }"));
        assertEquals("accounts: Can not have a token and accounts",
                refused("authorization { token: abc }\naccounts { A { users: [ {nkey: " + NKEY + "} ] } }"));
        assertEquals("accounts: Can not have a single user/pass and accounts",
                refused("authorization { user: x, password: y }\naccounts { A { users: [ {user: a} ] } }"));
    }

    @Test
    void duplicateUsers() {
        assertEquals("authorization.users[1]: Duplicate user \"a\" detected (also at authorization.users[0])",
                refused("authorization { users: [ {user: a, password: b}, {user: a, password: c} ] }"));
        assertTrue(refused("authorization { users: [ {user: a, password: b} ] }\n"
                + "accounts { A { users: [ {user: a, password: c} ] } }").contains("Duplicate user \"a\" detected"));
    }

    @Test
    void malformedEntries() {
        assertEquals("authorization.users[0]: User entry requires a user", refused("authorization { users: [ {password: b} ] }"));
        assertEquals("authorization.users[0]: Nkey users do not take usernames or passwords",
                refused("authorization { users: [ {nkey: " + NKEY + ", user: a} ] }"));
        assertTrue(refused("authorization { users: {user: a} }").startsWith("authorization.users: Expected users field to be an array"));
        assertEquals("authorization.users[0]: Expected user entry to be a map/struct, got a",
                refused("authorization { users: [ a ] }"));
        assertEquals("authorization.users[0]: \"user\" and \"username\" are both set",
                refused("authorization { users: [ {user: a, username: b} ] }"));
        assertEquals("authorization.users[0].password: expected a string, got number",
                refused("authorization { users: [ {user: a, password: 1234} ] }"));
        assertTrue(refused("authorization { users: [ {user: a, permissions: {publish: a, foo: b}} ] }")
                .contains("authorization.users[0].permissions.foo"));
    }

    @Test
    void connectionTypesOtherThanStandardAreNotSupported() {
        Configs.create(Configs.text("authorization { users: [ {user: a, allowed_connection_types: [\"STANDARD\"]} ] }"))
                .orElseThrow();
        Configs.create(Configs.text("authorization { users: [ {user: a, clients: standard} ] }")).orElseThrow();
        assertEquals("authorization.users[0].allowed_connection_types: [\"STANDARD\" \"WEBSOCKET\"] is not supported"
                + " by natsj yet (only [\"STANDARD\"] is)", refused(
                "authorization { users: [ {user: a, allowed_connection_types: [STANDARD, WEBSOCKET]} ] }"));
        assertEquals("authorization.users[0].allowed_connection_types: invalid connection types [\"FOO\"]",
                refused("authorization { users: [ {user: a, allowed_connection_types: [FOO]} ] }"));
    }

    @Test
    void optionsThatWouldDoNothingAreRefused() {
        assertEquals("authorization.password is set without a user", refused("authorization { password: abc }"));
        assertEquals("authorization.token is empty", refused("authorization { token: \"\" }"));
        assertEquals("authorization.default_permissions applies to authorization.users only, and there is no such list",
                refused("authorization { token: abc, default_permissions: { publish: a } }"));
        assertEquals("authorization.auth_callout: auth callout is not supported by natsj yet",
                refused("authorization { auth_callout { issuer: x } }"));
        assertEquals("authorization.users[0].proxy_required: trusted proxies are not supported by natsj yet",
                refused("authorization { users: [ {user: a, proxy_required: true} ] }"));
    }

    @Test
    void brokenBcryptHashIsRefused() {
        assertTrue(refused("authorization { users: [ {user: a, password: \"$2a$10$tooShort\"} ] }")
                .startsWith("authorization.users[0].password: not a valid bcrypt hash"));
        // $2x$ is a bcrypt prefix to nats-server, but not a version BouncyCastle checks.
        assertTrue(refused("authorization { token: \"$2x$10$LoRPzN3GtF2pNX5QgCBBHeUr6/zVN./RVGOu5U8SpHyg2sfzvfXji\" }")
                .startsWith("authorization.token: not a valid bcrypt hash"));
    }
}
