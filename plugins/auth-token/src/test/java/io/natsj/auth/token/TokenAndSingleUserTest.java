package io.natsj.auth.token;

import static io.natsj.auth.token.Configs.accepted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.spi.auth.AuthResult;
import io.natsj.spi.auth.Authenticator;
import io.natsj.spi.auth.AuthenticatorProvider;
import io.natsj.spi.auth.Permissions;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class TokenAndSingleUserTest {

    /** bcrypt of "foo" at cost 4, from nats-server's test/configs/authorization.conf. */
    private static final String BCRYPT_FOO = "$2a$04$P/.bd.7unw9Ew7yWJqXsl.f4oNRLQGvadEL2YnqQXbbb.IVQajRdK";

    @Test
    void serviceLoaderFindsTheProvider() {
        AuthenticatorProvider provider = ServiceLoader.load(AuthenticatorProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.name().equals("token")).findFirst().orElseThrow();
        assertEquals("authorization", provider.configKey());
    }

    @Test
    void plainTokenMustMatch() {
        Authenticator auth = Configs.authenticator(Configs.text("authorization { token: \"s3cr3t\" }"));
        AuthResult.Accepted ok = accepted(auth.authenticate(Connect.token("s3cr3t").request()));
        assertEquals("$G", ok.account());
        assertEquals(Permissions.ALL, ok.permissions());
        assertInstanceOf(AuthResult.Rejected.class, auth.authenticate(Connect.token("s3cr3").request()));
        assertInstanceOf(AuthResult.Rejected.class, auth.authenticate(Connect.token("").request()));
        assertFalse(auth.needsNonce());
    }

    @Test
    void bcryptTokenIsCheckedAgainstTheHash() {
        Authenticator auth = Configs.authenticator(Configs.text("authorization { token: \"" + BCRYPT_FOO + "\" }"));
        accepted(auth.authenticate(Connect.token("foo").request()));
        assertInstanceOf(AuthResult.Rejected.class, auth.authenticate(Connect.token("bar").request()));
        assertInstanceOf(AuthResult.Rejected.class, auth.authenticate(Connect.token(BCRYPT_FOO).request()));
    }

    @Test
    void withATokenUserAndPasswordAreRejectedAndOtherCredentialsPassedOn() {
        Authenticator auth = Configs.authenticator(Configs.text("authorization { token: abc }"));
        // nats-server compares only the token when one is configured.
        assertInstanceOf(AuthResult.Rejected.class, auth.authenticate(Connect.user("abc", "abc").request()));
        assertInstanceOf(AuthResult.NotApplicable.class,
                auth.authenticate(Connect.nkey("UDXU4RCSJNZOIQHZNWXHXORDPRTGNJAHAHFRGZNEEJCPQTT2M7NLCNF4").request()));
        assertInstanceOf(AuthResult.NotApplicable.class, auth.authenticate(Connect.nothing().request()));
    }

    @Test
    void singleUserFromNatsServerConfig() {
        // srv_a_bcrypt.conf: authorization { user: user, password: foo, timeout: 2 }
        Authenticator auth = Configs.authenticator(Configs.resource("srv_a_bcrypt.conf"));
        AuthResult.Accepted ok = accepted(auth.authenticate(Connect.user("user", "foo").request()));
        assertEquals("user", ok.user());
        assertEquals("$G", ok.account());
        assertEquals(Permissions.ALL, ok.permissions());
        assertInstanceOf(AuthResult.Rejected.class, auth.authenticate(Connect.user("user", "bar").request()));
        assertInstanceOf(AuthResult.Rejected.class, auth.authenticate(Connect.user("other", "foo").request()));
        assertInstanceOf(AuthResult.Rejected.class, auth.authenticate(Connect.token("foo").request()));
        // nats-server's no_auth_user must be in a users list, not the single user.
        assertFalse(auth.knowsUser("user"));
    }

    @Test
    void singleBcryptUserFromNatsServerConfig() {
        // srv_a_bcrypt.conf's cluster block: user ruser, bcrypt of "bar" at cost 10.
        var whole = Configs.resource("srv_a_bcrypt.conf");
        Authenticator auth = Configs.create(whole.getConfig("cluster.authorization"), Configs.section(whole, "accounts"))
                .orElseThrow();
        accepted(auth.authenticate(Connect.user("ruser", "bar").request()));
        assertInstanceOf(AuthResult.Rejected.class, auth.authenticate(Connect.user("ruser", "foo").request()));
        assertInstanceOf(AuthResult.Rejected.class, auth.authenticate(Connect.user("ruser", null).request()));
    }

    @Test
    void singleUserAliases() {
        Authenticator auth = Configs.authenticator(Configs.text("authorization { username: derek, pass: porkchop }"));
        accepted(auth.authenticate(Connect.user("derek", "porkchop").request()));
        assertInstanceOf(AuthResult.Rejected.class, auth.authenticate(Connect.user("derek", "PORKCHOP").request()));
    }

    @Test
    void userWithoutPasswordNeedsNone() {
        Authenticator auth = Configs.authenticator(Configs.text("authorization { users: [ {user: a} ] }"));
        accepted(auth.authenticate(Connect.user("a", null).request()));
        accepted(auth.authenticate(Connect.user("a", "").request()));
        assertInstanceOf(AuthResult.Rejected.class, auth.authenticate(Connect.user("a", "x").request()));
    }

    @Test
    void nothingConfiguredMeansNoAuthenticator() {
        assertTrue(Configs.create(Configs.text("port: 4222")).isEmpty());
        assertTrue(Configs.create(Configs.text("authorization { timeout: 2 }")).isEmpty());
        assertTrue(Configs.create(Configs.text("authorization { users: [] }")).isEmpty());
        // NKey users only: the NKey plugin's.
        assertTrue(Configs.create(Configs.text(
                "authorization { users: [ {nkey: UDXU4RCSJNZOIQHZNWXHXORDPRTGNJAHAHFRGZNEEJCPQTT2M7NLCNF4} ] }")).isEmpty());
    }
}
