package io.natsj.auth.callout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import io.natsj.nkeys.NKey;
import io.natsj.nkeys.NKeyType;
import io.natsj.nkeys.XKey;
import io.natsj.spi.PluginException;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code authorization.auth_callout}: what is read, and what is refused by name. */
class CalloutSettingsTest {

    private static final String ISSUER = NKey.create(NKeyType.ACCOUNT).publicKey();

    private static CalloutSettings read(String block) {
        return CalloutSettings.read(ConfigFactory.parseString(block));
    }

    private static String refused(String block) {
        return assertThrows(PluginException.class, () -> read(block)).getMessage();
    }

    @Test
    void readsIssuerAccountUsersXkeyAndTheAuthorizationTimeout() {
        String xkey = XKey.create().publicKey();
        CalloutSettings s = read("timeout: 3, auth_callout { issuer: " + ISSUER + ", account: AUTH, "
                + "auth_users: [ auth, svc ], xkey: " + xkey + " }");
        assertEquals(ISSUER, s.issuer());
        assertEquals("AUTH", s.account());
        assertEquals(Set.of("auth", "svc"), s.authUsers());
        assertEquals(xkey, s.xkey());
        assertEquals(Duration.ofSeconds(3), s.timeout());
    }

    @Test
    void defaultsToTheGlobalAccountAndTwoSeconds() {
        CalloutSettings s = read("auth_callout { issuer: " + ISSUER + ", auth_users: [ auth ] }");
        assertEquals("$G", s.account());
        assertNull(s.xkey());
        assertEquals(Duration.ofSeconds(2), s.timeout());
        assertNull(read("users: []"));
    }

    @Test
    void readsNatsServersAliases() {
        String xkey = XKey.create().publicKey();
        CalloutSettings s = read("auth_callout { issuer: " + ISSUER + ", acc: AUTH, users: [ a ], key: " + xkey + " }");
        assertEquals("AUTH", s.account());
        assertEquals(Set.of("a"), s.authUsers());
        assertEquals(xkey, s.xkey());
    }

    @Test
    void refusesWhatItCannotServeWithNatsServersWords() {
        assertEquals("authorization.auth_callout: Authorization callouts require an issuer to be specified",
                refused("auth_callout { auth_users: [ a ] }"));
        assertEquals("authorization.auth_callout.issuer: Expected callout user to be a valid public account nkey,"
                + " got \"x\"", refused("auth_callout { issuer: x, auth_users: [ a ] }"));
        assertEquals("authorization.auth_callout: Authorization callouts require authorized users to be specified",
                refused("auth_callout { issuer: " + ISSUER + " }"));
        assertEquals("authorization.auth_callout.xkey: Expected callout xkey to be a valid public xkey, got \""
                + ISSUER + "\"", refused("auth_callout { issuer: " + ISSUER + ", auth_users: [ a ], xkey: " + ISSUER + " }"));
        // nats-server's config knows no allowed_accounts: it belongs in an account JWT.
        assertEquals("authorization.auth_callout: Unknown field \"allowed_accounts\" parsing authorization callout",
                refused("auth_callout { issuer: " + ISSUER + ", auth_users: [ a ], allowed_accounts: [ B ] }"));
        assertEquals("authorization.auth_callout: Unknown field \"colour\" parsing authorization callout",
                refused("auth_callout { issuer: " + ISSUER + ", auth_users: [ a ], colour: red }"));
    }
}
