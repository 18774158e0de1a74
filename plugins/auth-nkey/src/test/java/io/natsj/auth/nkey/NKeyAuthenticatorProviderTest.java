package io.natsj.auth.nkey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.natsj.config.ConfigLoader;
import io.natsj.nkeys.NKey;
import io.natsj.nkeys.NKeyType;
import io.natsj.spi.PluginException;
import io.natsj.spi.auth.AuthResult;
import io.natsj.spi.auth.Authenticator;
import io.natsj.spi.auth.AuthenticatorProvider;
import io.natsj.spi.auth.AuthenticatorRequest;
import io.natsj.spi.auth.Permissions;
import io.natsj.spi.auth.Permissions.SubjectRules;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class NKeyAuthenticatorProviderTest {

    private static final String NONCE = "q5eEzDkNqS3PSaw";
    private static final NKey ALICE = NKey.create(NKeyType.USER);
    private static final NKey BOB = NKey.create(NKeyType.USER);

    private static Path resource(String name) {
        try {
            return Path.of(NKeyAuthenticatorProviderTest.class.getResource("/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<Authenticator> create(Config whole) {
        Config authorization = whole.root().containsKey("authorization") ? whole.getConfig("authorization") : ConfigFactory.empty();
        Config accounts = whole.root().containsKey("accounts") ? whole.getConfig("accounts") : ConfigFactory.empty();
        return new NKeyAuthenticatorProvider().create(new AuthenticatorRequest() {
            @Override
            public Config config() {
                return authorization;
            }

            @Override
            public Config accounts() {
                return accounts;
            }
        });
    }

    private static Optional<Authenticator> create(String natsConf) {
        return create(ConfigLoader.parseString(natsConf));
    }

    private static String sign(NKey key, String nonce) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.sign(nonce.getBytes(StandardCharsets.UTF_8)));
    }

    private static AuthResult.Accepted accepted(AuthResult result) {
        return assertInstanceOf(AuthResult.Accepted.class, result);
    }

    private Authenticator aliceAndBob() {
        return create("""
                authorization {
                  default_permissions: { subscribe: "_INBOX.>" }
                  users: [
                    {nkey: %s, permissions: { publish: "alice.>" }}
                    {user: derek, password: porkchop}
                  ]
                }
                accounts { B { users: [ {nkey: %s} ] } }
                """.formatted(ALICE.publicKey(), BOB.publicKey())).orElseThrow();
    }

    @Test
    void serviceLoaderFindsTheProvider() {
        AuthenticatorProvider provider = ServiceLoader.load(AuthenticatorProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.name().equals("nkey")).findFirst().orElseThrow();
        assertEquals("authorization", provider.configKey());
    }

    @Test
    void rightSeedIsAccepted() {
        Authenticator auth = aliceAndBob();
        assertTrue(auth.needsNonce());
        AuthResult.Accepted ok = accepted(auth.authenticate(Connect.signed(NONCE, ALICE.publicKey(), sign(ALICE, NONCE)).request()));
        assertEquals(ALICE.publicKey(), ok.user());
        assertEquals("$G", ok.account());
        assertEquals(new Permissions(new SubjectRules(List.of("alice.>"), List.of()), SubjectRules.ANY, null), ok.permissions());
        // Standard base64 with padding, as some older clients send it.
        String std = Base64.getEncoder().encodeToString(ALICE.sign(NONCE.getBytes(StandardCharsets.UTF_8)));
        accepted(auth.authenticate(Connect.signed(NONCE, ALICE.publicKey(), std).request()));
    }

    @Test
    void accountUserGetsItsAccount() {
        AuthResult.Accepted ok = accepted(aliceAndBob().authenticate(
                Connect.signed(NONCE, BOB.publicKey(), sign(BOB, NONCE)).request()));
        assertEquals("B", ok.account());
        // authorization.default_permissions are for authorization.users only, as in nats-server.
        assertEquals(Permissions.ALL, ok.permissions());
    }

    @Test
    void wrongSeedOrNonceOrSignatureIsRejected() {
        Authenticator auth = aliceAndBob();
        assertInstanceOf(AuthResult.Rejected.class,
                auth.authenticate(Connect.signed(NONCE, ALICE.publicKey(), sign(BOB, NONCE)).request()));
        assertInstanceOf(AuthResult.Rejected.class,
                auth.authenticate(Connect.signed(NONCE, ALICE.publicKey(), sign(ALICE, "other nonce")).request()));
        assertInstanceOf(AuthResult.Rejected.class,
                auth.authenticate(Connect.signed(NONCE, ALICE.publicKey(), null).request()));
        assertInstanceOf(AuthResult.Rejected.class,
                auth.authenticate(Connect.signed(NONCE, ALICE.publicKey(), "not*base64").request()));
        assertInstanceOf(AuthResult.Rejected.class,
                auth.authenticate(Connect.signed(null, ALICE.publicKey(), sign(ALICE, NONCE)).request()));
        NKey stranger = NKey.create(NKeyType.USER);
        assertInstanceOf(AuthResult.Rejected.class,
                auth.authenticate(Connect.signed(NONCE, stranger.publicKey(), sign(stranger, NONCE)).request()));
    }

    @Test
    void otherCredentialsAreNotApplicable() {
        Authenticator auth = aliceAndBob();
        assertInstanceOf(AuthResult.NotApplicable.class, auth.authenticate(new Connect(NONCE, null, null, "derek", false).request()));
        assertInstanceOf(AuthResult.NotApplicable.class, auth.authenticate(new Connect(NONCE, null, null, null, false).request()));
    }

    @Test
    void noAuthUserMayNameAnNKeyUser() {
        Authenticator auth = aliceAndBob();
        assertTrue(auth.knowsUser(BOB.publicKey()));
        assertFalse(auth.knowsUser("derek"));
        assertEquals("B", accepted(auth.authenticate(new Connect(NONCE, null, null, BOB.publicKey(), true).request())).account());
        assertInstanceOf(AuthResult.NotApplicable.class, auth.authenticate(new Connect(NONCE, null, null, "derek", true).request()));
    }

    @Test
    void nkeyUsersOfNatsServerAccountsConf() {
        Authenticator auth = create(ConfigLoader.load(resource("accounts.conf"))).orElseThrow();
        for (String derek : List.of("UDEREK22W43P2NFQCSKGM6BWD23OVWEDR7JE7LSNCD232MZIC4X2MEKZ",
                "UBRYMDSRTC6AVJL6USKKS3FIOE466GMEU67PZDGOWYSYHWA7GSKO42VW",
                "UC6NLCN7AS34YOJVCYD4PJ3QB7QGLYG5B5IMBT25VW5K4TNUJODM7BOX")) {
            assertTrue(auth.knowsUser(derek));
        }
        String derek = "UDEREK22W43P2NFQCSKGM6BWD23OVWEDR7JE7LSNCD232MZIC4X2MEKZ";
        // The seed is not published: anyone else's signature is refused.
        assertInstanceOf(AuthResult.Rejected.class,
                auth.authenticate(Connect.signed(NONCE, derek, sign(ALICE, NONCE)).request()));
        assertEquals("nats.io", accepted(auth.authenticate(new Connect(NONCE, null, null, derek, true).request())).account());
        assertEquals("synadia", accepted(auth.authenticate(new Connect(NONCE, null, null,
                "UBAAQWTW6CG2G6ANGNKB5U2B7HRWHSGMZEZX3AQSAJOQDAUGJD46LD2E", true).request())).account());
    }

    @Test
    void noNKeyUsersMeansNoAuthenticator() {
        assertTrue(create("authorization { users: [ {user: a, password: b} ], token2: x }").isEmpty());
        assertTrue(create("port: 4222").isEmpty());
    }

    @Test
    void invalidEntriesAreRefused() throws IOException {
        String operatorSeed = Files.readAllLines(resource("test.seed")).stream()
                .filter(l -> l.startsWith("SO")).findFirst().orElseThrow();
        String operator = NKey.fromSeed(operatorSeed).publicKey();
        assertEquals("authorization.users[0].nkey: Not a valid public nkey for a user: \"" + operator + "\"",
                assertThrows(PluginException.class, () -> create("authorization { users: [ {nkey: " + operator + "} ] }"))
                        .getMessage());
        assertEquals("accounts.A.users[1].nkey: Not a valid public nkey for a user: \"UABC\"",
                assertThrows(PluginException.class, () -> create(
                        "accounts { A { users: [ {user: a}, {nkey: UABC} ] } }")).getMessage());
        assertEquals("unknown field \"authorization.users[0].foo\"", assertThrows(PluginException.class,
                () -> create("authorization { users: [ {nkey: " + ALICE.publicKey() + ", foo: 1} ] }")).getMessage());
        assertEquals("authorization.users[0]: Nkey users do not take usernames or passwords", assertThrows(PluginException.class,
                () -> create("authorization { users: [ {nkey: " + ALICE.publicKey() + ", password: x} ] }")).getMessage());
        assertTrue(assertThrows(PluginException.class, () -> create("authorization { users: [ {nkey: " + ALICE.publicKey()
                + "} ] }\naccounts { A { users: [ {nkey: " + ALICE.publicKey() + "} ] } }"))
                .getMessage().contains("Duplicate nkey \"" + ALICE.publicKey() + "\" detected"));
        assertTrue(assertThrows(PluginException.class, () -> create("authorization { users: [ {nkey: " + ALICE.publicKey()
                + ", allowed_connection_types: [MQTT]} ] }")).getMessage().contains("not supported by natsj yet"));
    }
}
