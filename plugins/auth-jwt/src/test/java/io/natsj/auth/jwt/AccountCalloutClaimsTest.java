package io.natsj.auth.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.natsj.nkeys.NKey;
import io.natsj.nkeys.NKeyType;
import io.natsj.nkeys.XKey;
import io.natsj.spi.auth.AccountCallout;
import io.natsj.spi.auth.AuthResult;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * An account JWT's {@code authorization} section (auth callout in operator mode): read and
 * validated as nats' JWT library does, handed to the callout plugin as an
 * {@link AccountCallout}, and the admission of the user JWTs a callout service issues.
 */
class AccountCalloutClaimsTest {

    private final NKey operator = NKey.create(NKeyType.OPERATOR);
    private final NKey account = NKey.create(NKeyType.ACCOUNT);
    private final NKey signer = NKey.create(NKeyType.ACCOUNT);
    private final NKey allowed = NKey.create(NKeyType.ACCOUNT);
    private final NKey authUser = NKey.create(NKeyType.USER);
    private final MemoryResolver resolver = new MemoryResolver();

    private UserVerifier verifier(Consumer<ObjectNode> authorization) {
        ObjectNode claims = TestJwts.claims("account", account.publicKey());
        TestJwts.nats(claims).putArray("signing_keys").add(signer.publicKey());
        if (authorization != null) {
            authorization.accept(TestJwts.nats(claims).putObject("authorization"));
        }
        resolver.store(account.publicKey(), TestJwts.sign(operator, claims));
        TrustedAccounts trusted = new TrustedAccounts(List.of(operator.publicKey()), resolver,
                new AccountExpiry(Clock.systemUTC()));
        return new UserVerifier(trusted, Clock.systemUTC());
    }

    private static String refusal(AuthResult r) {
        return assertInstanceOf(AuthResult.Rejected.class, r, r::toString).reason();
    }

    @Test
    void authorizationSectionMakesACalloutAccount() {
        String xkey = XKey.create().publicKey();
        UserVerifier v = verifier(a -> {
            a.putArray("auth_users").add(authUser.publicKey());
            a.putArray("allowed_accounts").add(allowed.publicKey());
            a.put("xkey", xkey);
        });
        AccountCallout c = v.callout(account.publicKey()).orElseThrow();
        assertEquals(Set.of(authUser.publicKey()), c.authUsers());
        assertEquals(Optional.of(xkey), c.xkey());
        assertEquals(Set.of(account.publicKey(), signer.publicKey()), c.issuers());
        assertTrue(c.allows(account.publicKey()));
        assertTrue(c.allows(allowed.publicKey()));
        assertTrue(!c.allows(NKey.create(NKeyType.ACCOUNT).publicKey()));
    }

    @Test
    void withoutAuthUsersTheAccountIsNoCalloutAccount() {
        assertTrue(verifier(null).callout(account.publicKey()).isEmpty());
        assertTrue(verifier(a -> a.put("xkey", XKey.create().publicKey())).callout(account.publicKey()).isEmpty());
    }

    @Test
    void invalidSectionsRefuseTheAccountWithTheJwtLibrarysWords() {
        assertEquals("External authorization cannot have accounts without users specified",
                invalid(a -> a.putArray("allowed_accounts").add(allowed.publicKey())));
        assertEquals("AuthUser \"bob\" is not a valid user public key",
                invalid(a -> a.putArray("auth_users").add("bob")));
        assertEquals("AllowedAccounts can only be a list of accounts or \"*\"", invalid(a -> {
            a.putArray("auth_users").add(authUser.publicKey());
            a.putArray("allowed_accounts").add("*").add(allowed.publicKey());
        }));
        assertEquals("XKey \"" + account.publicKey() + "\" is not a valid public xkey", invalid(a -> {
            a.putArray("auth_users").add(authUser.publicKey());
            a.put("xkey", account.publicKey());
        }));
    }

    private String invalid(Consumer<ObjectNode> authorization) {
        ObjectNode claims = TestJwts.claims("account", account.publicKey());
        authorization.accept(TestJwts.nats(claims).putObject("authorization"));
        JwtException e = org.junit.jupiter.api.Assertions.assertThrows(JwtException.class,
                () -> AccountClaims.decode(TestJwts.sign(operator, claims)));
        return e.getMessage();
    }

    @Test
    void anyAccountAllowsEveryAccount() {
        UserVerifier v = verifier(a -> {
            a.putArray("auth_users").add(authUser.publicKey());
            a.putArray("allowed_accounts").add("*");
        });
        assertTrue(v.callout(account.publicKey()).orElseThrow().allows(allowed.publicKey()));
    }

    @Test
    void issuedUsersAreAdmittedWithoutProofOfTheirKey() {
        UserVerifier v = verifier(a -> a.putArray("auth_users").add(authUser.publicKey()));
        NKey user = NKey.create(NKeyType.USER);
        ObjectNode u = TestJwts.claims("user", user.publicKey());
        u.put("name", "alice");
        TestJwts.nats(u).putObject("pub").putArray("allow").add("a.>");
        Connect noProof = Connect.of("", "", "nonce");
        AuthResult.Accepted ok = assertInstanceOf(AuthResult.Accepted.class,
                v.admitIssued(TestJwts.sign(account, u), account.publicKey(), noProof.request()));
        assertEquals("alice", ok.user());
        assertEquals(account.publicKey(), ok.account());
        assertEquals(List.of("a.>"), ok.permissions().publish().allow());

        // Through the account's signing key, naming the account.
        ObjectNode s = TestJwts.claims("user", user.publicKey());
        TestJwts.nats(s).put("issuer_account", account.publicKey());
        assertInstanceOf(AuthResult.Accepted.class,
                v.admitIssued(TestJwts.sign(signer, s), account.publicKey(), noProof.request()));

        // A key the account does not know, or a JWT for another account.
        NKey stranger = NKey.create(NKeyType.ACCOUNT);
        ObjectNode x = TestJwts.claims("user", user.publicKey());
        TestJwts.nats(x).put("issuer_account", account.publicKey());
        assertTrue(refusal(v.admitIssued(TestJwts.sign(stranger, x), account.publicKey(), noProof.request()))
                .contains("is not known"));
        assertTrue(refusal(v.admitIssued(TestJwts.sign(account, TestJwts.claims("user", user.publicKey())),
                allowed.publicKey(), noProof.request())).contains("not \"" + allowed.publicKey() + "\""));
    }
}
