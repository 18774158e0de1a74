package io.natsj.auth.token;

import static io.natsj.auth.token.Configs.accepted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.spi.auth.AuthResult;
import io.natsj.spi.auth.Authenticator;
import io.natsj.spi.auth.Permissions;
import io.natsj.spi.auth.Permissions.ResponsePermission;
import io.natsj.spi.auth.Permissions.SubjectRules;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Users lists of nats-server's own configuration files. */
class UsersListsTest {

    private static Permissions login(Authenticator auth, String user, String password) {
        return accepted(auth.authenticate(Connect.user(user, password).request())).permissions();
    }

    @Test
    void testConfigsAuthorizationWithBcryptPasswordsAndRoles() {
        // Every user's password is a bcrypt hash of "foo"; roles come from the included auths.conf.
        Authenticator auth = Configs.authenticator(Configs.resource("authorization.conf"));
        assertEquals(new Permissions(new SubjectRules(List.of(">"), List.of()), new SubjectRules(List.of(">"), List.of()), null),
                login(auth, "alice", "foo"));
        assertEquals(new Permissions(new SubjectRules(List.of("req.foo", "req.bar"), List.of()),
                new SubjectRules(List.of("_INBOX.*"), List.of()), null), login(auth, "bob", "foo"));
        assertEquals(new Permissions(new SubjectRules(List.of("*.*"), List.of("SYS.*", "bar.baz", "foo.*")),
                new SubjectRules(List.of("foo.*", "SYS.TEST.>"), List.of("foo.baz", "SYS.*")), null),
                login(auth, "ns", "foo"));
        // joe has none of his own: the section's DEFAULT_PERMISSIONS (keys are case-insensitive).
        assertEquals(new Permissions(new SubjectRules(List.of("SANDBOX.*"), List.of()),
                new SubjectRules(List.of("PUBLIC.>", "_INBOX.>"), List.of()), null), login(auth, "joe", "foo"));
        // publish_allow_responses: true, nats-server's alias of allow_responses.
        assertEquals(ResponsePermission.DEFAULT, login(auth, "svca", "foo").responses());
        assertEquals(new ResponsePermission(10, Duration.ofMillis(50)), login(auth, "svcb", "foo").responses());
        assertInstanceOf(AuthResult.Rejected.class, auth.authenticate(Connect.user("alice", "bar").request()));
        assertInstanceOf(AuthResult.Rejected.class, auth.authenticate(Connect.user("mallory", "foo").request()));
    }

    @Test
    void serverConfigsAuthorizationWithPlainPasswordsAndDefaultPermissions() {
        Authenticator auth = Configs.authenticator(Configs.resource("server_authorization.conf"));
        assertEquals(new SubjectRules(List.of("*"), List.of()), login(auth, "alice", "foo").publish());
        assertEquals(new Permissions(SubjectRules.ANY, new SubjectRules(List.of("PUBLIC.>"), List.of()), null),
                login(auth, "susan", "baz"));
        assertEquals(new ResponsePermission(10, Duration.ofMinutes(1)), login(auth, "svcb", "sam").responses());
        assertInstanceOf(AuthResult.Rejected.class, auth.authenticate(Connect.user("susan", "foo").request()));
        assertInstanceOf(AuthResult.Rejected.class, auth.authenticate(Connect.user("susan", null).request()));
    }

    @Test
    void newStyleAllowAndDeny() {
        Authenticator auth = Configs.authenticator(Configs.resource("new_style_authorization.conf"));
        assertEquals(new Permissions(new SubjectRules(List.of("foo", "bar", "baz"), List.of()),
                new SubjectRules(List.of(), List.of("$SYS.>")), null), login(auth, "alice", "foo"));
        assertEquals(new SubjectRules(List.of(), List.of("foo", "bar", "baz")), login(auth, "bob", "special").subscribe());
    }

    @Test
    void plainUsersWithoutPermissionsMayDoEverything() {
        Authenticator auth = Configs.authenticator(Configs.resource("multiple_users.conf"));
        AuthResult.Accepted ok = accepted(auth.authenticate(Connect.user("bob", "bar").request()));
        assertEquals("bob", ok.user());
        assertEquals("$G", ok.account());
        assertEquals(Permissions.ALL, ok.permissions());
        assertInstanceOf(AuthResult.Rejected.class, auth.authenticate(Connect.user("bob", "foo").request()));
    }

    @Test
    void includedBcryptUsers() {
        // conf/includes/users.conf is an authorization body: ALICE_PASS and BOB_PASS are variables.
        Authenticator auth = Configs.create(Configs.resource("includes/users.conf"), Configs.text("")).orElseThrow();
        login(auth, "alice", "foo");
        login(auth, "bob", "bar");
        assertInstanceOf(AuthResult.Rejected.class, auth.authenticate(Connect.user("alice", "bar").request()));
    }

    @Test
    void usersOfAccountsBelongToTheirAccount() {
        Authenticator auth = Configs.authenticator(Configs.resource("multi_accounts.conf"));
        assertEquals("engineering", accepted(auth.authenticate(Connect.user("alice", "s3cr3t!").request())).account());
        assertEquals("legal", accepted(auth.authenticate(Connect.user("mary", "s3cr3t!").request())).account());
        assertEquals("finance", accepted(auth.authenticate(Connect.user("paul", "s3cr3t!").request())).account());
        assertInstanceOf(AuthResult.Rejected.class, auth.authenticate(Connect.user("paul", "s3cr3t").request()));
    }

    @Test
    void accountDefaultPermissionsApplyToItsUsersOnly() {
        Authenticator auth = Configs.authenticator(Configs.text("""
                authorization { default_permissions: { publish: "g.>" }, users: [ {user: g, password: p} ] }
                accounts {
                  A { default_permissions: { subscribe: "a.>" }
                      users: [ {user: a, password: p}, {user: b, password: p, permissions: {publish: "b"}} ] }
                  B { users: [ {user: c, password: p} ] }
                }
                """));
        assertEquals(new SubjectRules(List.of("g.>"), List.of()), login(auth, "g", "p").publish());
        assertEquals(new Permissions(SubjectRules.ANY, new SubjectRules(List.of("a.>"), List.of()), null),
                login(auth, "a", "p"));
        assertEquals(new Permissions(new SubjectRules(List.of("b"), List.of()), SubjectRules.ANY, null),
                login(auth, "b", "p"));
        // As in nats-server, authorization.default_permissions do not reach account users.
        assertEquals(Permissions.ALL, login(auth, "c", "p"));
    }

    @Test
    void noAuthUserIsAcceptedByNameOnly() {
        Authenticator auth = Configs.authenticator(Configs.resource("multi_accounts.conf"));
        assertTrue(auth.knowsUser("john"));
        assertFalse(auth.knowsUser("nobody"));
        AuthResult.Accepted ok = accepted(auth.authenticate(Connect.noAuthUser("john").request()));
        assertEquals("legal", ok.account());
        assertInstanceOf(AuthResult.NotApplicable.class, auth.authenticate(Connect.noAuthUser("nobody").request()));
    }

    @Test
    void nkeyCredentialsGoToTheNKeyPluginWhenItHasUsers() {
        String nkey = "UDXU4RCSJNZOIQHZNWXHXORDPRTGNJAHAHFRGZNEEJCPQTT2M7NLCNF4";
        Authenticator mixed = Configs.authenticator(Configs.text(
                "authorization { users: [ {user: a, password: p}, {nkey: " + nkey + "} ] }"));
        assertInstanceOf(AuthResult.NotApplicable.class, mixed.authenticate(Connect.nkey(nkey).request()));
        assertInstanceOf(AuthResult.NotApplicable.class,
                mixed.authenticate(new Connect(null, "a", "p", nkey, false).request()));
        accepted(mixed.authenticate(Connect.user("a", "p").request()));
        assertFalse(mixed.knowsUser(nkey));
        assertInstanceOf(AuthResult.NotApplicable.class, mixed.authenticate(Connect.nothing().request()));
        assertInstanceOf(AuthResult.Rejected.class, mixed.authenticate(Connect.token("p").request()));
    }
}
