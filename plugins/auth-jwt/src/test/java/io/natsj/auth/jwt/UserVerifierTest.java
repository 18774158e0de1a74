package io.natsj.auth.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.natsj.nkeys.NKey;
import io.natsj.nkeys.NKeyType;
import io.natsj.spi.auth.AuthResult;
import io.natsj.spi.auth.Permissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Operator, account and user JWTs issued in the test, checked as nats-server 2.9.10 checks
 * them.
 */
class UserVerifierTest {

    private static final String NONCE = "nonce-for-test";

    private final NKey operator = NKey.create(NKeyType.OPERATOR);
    private final NKey operatorSigner = NKey.create(NKeyType.OPERATOR);
    private final NKey account = NKey.create(NKeyType.ACCOUNT);
    private final NKey accountSigner = NKey.create(NKeyType.ACCOUNT);
    private final NKey user = NKey.create(NKeyType.USER);
    private final MemoryResolver resolver = new MemoryResolver();
    private Clock clock = Clock.systemUTC();

    private ObjectNode accountClaims() {
        return TestJwts.claims("account", account.publicKey());
    }

    private void publishAccount(ObjectNode claims, NKey signer) {
        resolver.store(claims.get("sub").asText(), TestJwts.sign(signer, claims));
    }

    private AuthResult connect(String userJwt) {
        return connect(Connect.of(userJwt, TestJwts.signNonce(user, NONCE), NONCE));
    }

    private AuthResult connect(Connect c) {
        TrustedAccounts trusted = new TrustedAccounts(List.of(operator.publicKey(), operatorSigner.publicKey()), resolver,
                new AccountExpiry(java.time.Clock.systemUTC()));
        return new UserVerifier(trusted, clock).verify(c.request());
    }

    private ObjectNode userClaims() {
        return TestJwts.claims("user", user.publicKey());
    }

    private static AuthResult.Accepted accepted(AuthResult r) {
        return assertInstanceOf(AuthResult.Accepted.class, r, () -> r.toString());
    }

    private static void rejected(AuthResult r, String reasonPart) {
        AuthResult.Rejected no = assertInstanceOf(AuthResult.Rejected.class, r);
        assertTrue(no.reason().contains(reasonPart), no.reason());
    }

    @Test
    void userIssuedByItsAccountIsAcceptedIntoThatAccountWithItsPermissions() {
        publishAccount(accountClaims(), operator);
        ObjectNode u = userClaims();
        ObjectNode nats = TestJwts.nats(u);
        nats.putObject("pub").putArray("allow").add("orders.>");
        nats.putObject("sub").putArray("deny").add("secret.>");
        nats.putObject("resp").put("max", 3).put("ttl", 5_000_000_000L);
        AuthResult.Accepted ok = accepted(connect(TestJwts.sign(account, u)));
        assertEquals(user.publicKey(), ok.user());
        assertEquals(account.publicKey(), ok.account());
        assertEquals(List.of("orders.>"), ok.permissions().publish().allow());
        assertEquals(List.of("secret.>"), ok.permissions().subscribe().deny());
        assertEquals(new Permissions.ResponsePermission(3, Duration.ofSeconds(5)), ok.permissions().responses());
    }

    @Test
    void responsePermissionWithoutValuesTakesNatsServerDefaults() {
        publishAccount(accountClaims(), operator);
        ObjectNode u = userClaims();
        TestJwts.nats(u).putObject("resp");
        assertEquals(Permissions.ResponsePermission.DEFAULT,
                accepted(connect(TestJwts.sign(account, u))).permissions().responses());
    }

    @Test
    void accountIssuedByAnOperatorSigningKeyIsTrusted() {
        publishAccount(accountClaims(), operatorSigner);
        accepted(connect(TestJwts.sign(account, userClaims())));
    }

    @Test
    void accountIssuedByAnUntrustedOperatorIsRefused() {
        publishAccount(accountClaims(), NKey.create(NKeyType.OPERATOR));
        rejected(connect(TestJwts.sign(account, userClaims())), "not signed by trusted operator");
    }

    @Test
    void unknownAccountIsRefused() {
        rejected(connect(TestJwts.sign(account, userClaims())), "not found");
    }

    @Test
    void userWithoutPermissionsGetsTheAccountDefaults() {
        ObjectNode a = accountClaims();
        TestJwts.nats(a).putObject("default_permissions").putObject("pub").putArray("allow").add("public.>");
        publishAccount(a, operator);
        assertEquals(List.of("public.>"),
                accepted(connect(TestJwts.sign(account, userClaims()))).permissions().publish().allow());
    }

    @Test
    void userIssuedByAnAccountSigningKeyBelongsToTheAccountNamedInIssuerAccount() {
        ObjectNode a = accountClaims();
        TestJwts.nats(a).putArray("signing_keys").add(accountSigner.publicKey());
        publishAccount(a, operator);
        ObjectNode u = userClaims();
        TestJwts.nats(u).put("issuer_account", account.publicKey());
        assertEquals(account.publicKey(), accepted(connect(TestJwts.sign(accountSigner, u))).account());
    }

    @Test
    void userIssuedByAKeyTheAccountDoesNotListIsRefused() {
        publishAccount(accountClaims(), operator);
        ObjectNode u = userClaims();
        TestJwts.nats(u).put("issuer_account", account.publicKey());
        rejected(connect(TestJwts.sign(accountSigner, u)), "issuer is not known");
    }

    @Test
    void scopedSigningKeyReplacesPermissionsWithItsFilledInTemplate() {
        ObjectNode a = accountClaims();
        ObjectNode scope = TestJwts.nats(a).putArray("signing_keys").addObject();
        scope.put("kind", "user_scope").put("key", accountSigner.publicKey()).put("role", "dev");
        ObjectNode template = scope.putObject("template");
        template.putObject("pub").putArray("allow").add("users.{{name()}}.>").add("tagged.{{tag(team)}}");
        template.putObject("sub").putArray("allow").add("inbox.{{subject()}}");
        publishAccount(a, operator);
        ObjectNode u = userClaims();
        u.put("name", "alice");
        TestJwts.nats(u).put("issuer_account", account.publicKey());
        TestJwts.nats(u).putArray("tags").add("team:red").add("team:blue");
        AuthResult.Accepted ok = accepted(connect(TestJwts.sign(accountSigner, u)));
        assertEquals(List.of("users.alice.>", "tagged.red", "tagged.blue"), ok.permissions().publish().allow());
        assertEquals(List.of("inbox." + user.publicKey()), ok.permissions().subscribe().allow());
    }

    @Test
    void scopedSigningKeyRefusesUsersWithPermissionsOfTheirOwn() {
        ObjectNode a = accountClaims();
        TestJwts.nats(a).putArray("signing_keys").addObject().put("kind", "user_scope")
                .put("key", accountSigner.publicKey()).putObject("template");
        publishAccount(a, operator);
        ObjectNode u = userClaims();
        TestJwts.nats(u).put("issuer_account", account.publicKey());
        TestJwts.nats(u).put("subs", -1);
        rejected(connect(TestJwts.sign(accountSigner, u)), "scoped users require no permissions");
    }

    @Test
    void scopedTemplateWhoseAllowListEndsUpEmptyDeniesEverything() {
        ObjectNode a = accountClaims();
        ObjectNode scope = TestJwts.nats(a).putArray("signing_keys").addObject();
        scope.put("kind", "user_scope").put("key", accountSigner.publicKey());
        scope.putObject("template").putObject("pub").putArray("allow").add("x.{{tag(missing)}}");
        publishAccount(a, operator);
        ObjectNode u = userClaims();
        TestJwts.nats(u).put("issuer_account", account.publicKey());
        AuthResult.Accepted ok = accepted(connect(TestJwts.sign(accountSigner, u)));
        assertEquals(List.of(), ok.permissions().publish().allow());
        assertEquals(List.of(">"), ok.permissions().publish().deny());
    }

    @Test
    void badSignatureOfTheUserJwtIsRefused() {
        publishAccount(accountClaims(), operator);
        String jwt = TestJwts.sign(account, userClaims());
        char last = jwt.charAt(jwt.length() - 2);
        String tampered = jwt.substring(0, jwt.length() - 2) + (last == 'A' ? 'B' : 'A') + jwt.charAt(jwt.length() - 1);
        rejected(connect(tampered), "signature verification");
    }

    @Test
    void userJwtSignedByAnotherAccountThanItsIssuerClaimIsRefused() {
        publishAccount(accountClaims(), operator);
        ObjectNode u = userClaims();
        String jwt = TestJwts.sign(NKey.create(NKeyType.ACCOUNT), u);
        // Claim the real account as issuer while keeping the other key's signature.
        u.put("iss", account.publicKey());
        String forged = jwt.substring(0, jwt.indexOf('.') + 1)
                + TestJwts.b64(u.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                + jwt.substring(jwt.lastIndexOf('.'));
        rejected(connect(forged), "signature verification");
    }

    @Test
    void userJwtIssuedByAUserKeyIsRefused() {
        publishAccount(accountClaims(), operator);
        rejected(connect(TestJwts.sign(NKey.create(NKeyType.USER), userClaims())), "expected prefixes");
    }

    @Test
    void malformedJwtsAreRefused() {
        publishAccount(accountClaims(), operator);
        String jwt = TestJwts.sign(account, userClaims());
        rejected(connect(jwt.substring(0, jwt.length() / 2)), "User JWT not valid");
        rejected(connect(jwt.substring(0, jwt.lastIndexOf('.'))), "expected 3 chunks");
        rejected(connect(TestJwts.signRaw(account, TestJwts.b64("not json".getBytes()))), "invalid JSON");
        rejected(connect(TestJwts.signRaw(account, TestJwts.b64("{\"sub\":1}".getBytes()))), "expected a string");
        rejected(connect("garbage"), "expected 3 chunks");
        rejected(connect(jwt + "="), "padding");
        rejected(connect(Connect.of(null, null, NONCE)), "requires a user JWT");
    }

    @Test
    void accountJwtPresentedAsUserJwtIsRefused() {
        publishAccount(accountClaims(), operator);
        rejected(connect(TestJwts.sign(account, TestJwts.claims("account", account.publicKey()))), "not a user claim");
    }

    @Test
    void newerJwtVersionIsRefused() {
        publishAccount(accountClaims(), operator);
        ObjectNode u = userClaims();
        TestJwts.nats(u).put("version", 3);
        rejected(connect(TestJwts.sign(account, u)), "newer version");
    }

    @Test
    void expiredAndNotYetValidUsersAreRefused() {
        publishAccount(accountClaims(), operator);
        long now = System.currentTimeMillis() / 1000;
        ObjectNode expired = userClaims();
        expired.put("exp", now - 10);
        rejected(connect(TestJwts.sign(account, expired)), "claim is expired");
        ObjectNode early = userClaims();
        early.put("nbf", now + 3600);
        rejected(connect(TestJwts.sign(account, early)), "not yet valid");
        ObjectNode later = userClaims();
        later.put("exp", now + 3600);
        accepted(connect(TestJwts.sign(account, later)));
    }

    @Test
    void expiredAccountRefusesItsUsers() {
        ObjectNode a = accountClaims();
        a.put("exp", System.currentTimeMillis() / 1000 - 10);
        publishAccount(a, operator);
        rejected(connect(TestJwts.sign(account, userClaims())), "claim is expired");
    }

    @Test
    void signatureOfTheNonceIsRequiredUnlessBearer() {
        publishAccount(accountClaims(), operator);
        String jwt = TestJwts.sign(account, userClaims());
        rejected(connect(Connect.of(jwt, null, NONCE)), "Signature missing");
        rejected(connect(Connect.of(jwt, TestJwts.signNonce(user, "other nonce"), NONCE)), "not verified");
        rejected(connect(Connect.of(jwt, TestJwts.signNonce(NKey.create(NKeyType.USER), NONCE), NONCE)),
                "not verified");
        ObjectNode bearer = userClaims();
        TestJwts.nats(bearer).put("bearer_token", true);
        accepted(connect(Connect.of(TestJwts.sign(account, bearer), null, NONCE)));
    }

    @Test
    void accountDisallowingBearerTokensRefusesThem() {
        ObjectNode a = accountClaims();
        TestJwts.nats(a).putObject("limits").put("disallow_bearer", true);
        publishAccount(a, operator);
        ObjectNode bearer = userClaims();
        TestJwts.nats(bearer).put("bearer_token", true);
        rejected(connect(Connect.of(TestJwts.sign(account, bearer), null, NONCE)), "bearer");
    }

    @Test
    void revokedUsersAreRefusedWhenRevokedAtOrAfterIssue() {
        long iat = System.currentTimeMillis() / 1000;
        ObjectNode u = userClaims();
        u.put("iat", iat);
        String jwt = TestJwts.sign(account, u);
        ObjectNode a = accountClaims();
        TestJwts.nats(a).putObject("revocations").put(user.publicKey(), iat);
        publishAccount(a, operator);
        rejected(connect(jwt), "revoked");
        ObjectNode before = accountClaims();
        TestJwts.nats(before).putObject("revocations").put(user.publicKey(), iat - 1);
        publishAccount(before, operator);
        accepted(connect(jwt));
        ObjectNode all = accountClaims();
        TestJwts.nats(all).putObject("revocations").put("*", iat + 5);
        publishAccount(all, operator);
        rejected(connect(jwt), "revoked");
    }

    @Test
    void sourceCidrsLimitWhereUsersConnectFrom() {
        publishAccount(accountClaims(), operator);
        ObjectNode u = userClaims();
        TestJwts.nats(u).putArray("src").add("10.0.0.0/8").add("192.168.1.7/32");
        String jwt = TestJwts.sign(account, u);
        Connect c = Connect.of(jwt, TestJwts.signNonce(user, NONCE), NONCE);
        accepted(connect(c.from("10.1.2.3")));
        accepted(connect(c.from("192.168.1.7")));
        rejected(connect(c.from("192.168.1.8")), "Bad src Ip");
        rejected(connect(c.from("127.0.0.1")), "Bad src Ip");
        ObjectNode comma = userClaims();
        TestJwts.nats(comma).put("src", "127.0.0.0/8, 10.0.0.0/8");
        accepted(connect(TestJwts.sign(account, comma)));
        ObjectNode bad = userClaims();
        TestJwts.nats(bad).putArray("src").add("300.0.0.0/8");
        rejected(connect(TestJwts.sign(account, bad)), "invalid cidr");
    }

    @Test
    void connectTimesLimitWhenUsersConnect() {
        publishAccount(accountClaims(), operator);
        clock = Clock.fixed(java.time.Instant.parse("2026-01-10T12:00:00Z"), java.time.ZoneOffset.UTC);
        ObjectNode u = userClaims();
        TestJwts.nats(u).put("times_location", "UTC");
        TestJwts.nats(u).putArray("times").addObject().put("start", "11:00:00").put("end", "13:00:00");
        accepted(connect(TestJwts.sign(account, u)));
        ObjectNode outside = userClaims();
        TestJwts.nats(outside).put("times_location", "UTC");
        TestJwts.nats(outside).putArray("times").addObject().put("start", "13:00:00").put("end", "14:00:00");
        rejected(connect(TestJwts.sign(account, outside)), "Outside connect times");
        ObjectNode zoned = userClaims();
        TestJwts.nats(zoned).put("times_location", "America/New_York"); // 07:00 there
        TestJwts.nats(zoned).putArray("times").addObject().put("start", "06:00:00").put("end", "08:00:00");
        accepted(connect(TestJwts.sign(account, zoned)));
        ObjectNode badTime = userClaims();
        TestJwts.nats(badTime).putArray("times").addObject().put("start", "25:00:00").put("end", "08:00:00");
        rejected(connect(TestJwts.sign(account, badTime)), "start in time range is invalid");
    }

    @Test
    void allowedConnectionTypesAreMatchedAsNatsServerDoes() {
        publishAccount(accountClaims(), operator);
        ObjectNode ws = userClaims();
        TestJwts.nats(ws).putArray("allowed_connection_types").add("WEBSOCKET");
        Connect c = Connect.of(TestJwts.sign(account, ws), TestJwts.signNonce(user, NONCE), NONCE);
        rejected(connect(c), "Connection type not allowed");
        accepted(connect(c.over("WEBSOCKET")));
        ObjectNode lower = userClaims();
        TestJwts.nats(lower).putArray("allowed_connection_types").add("standard").add("UNKNOWN_KIND");
        accepted(connect(TestJwts.sign(account, lower)));
        ObjectNode unknownOnly = userClaims();
        TestJwts.nats(unknownOnly).putArray("allowed_connection_types").add("UNKNOWN_KIND");
        rejected(connect(TestJwts.sign(account, unknownOnly)), "Connection type not allowed");
    }

    @Test
    void invalidPermissionSubjectsMakeTheJwtInvalid() {
        publishAccount(accountClaims(), operator);
        ObjectNode u = userClaims();
        TestJwts.nats(u).putObject("pub").putArray("allow").add("foo queue");
        rejected(connect(TestJwts.sign(account, u)), "not allowed to contain queue");
        ObjectNode q = userClaims();
        TestJwts.nats(q).putObject("sub").putArray("allow").add("foo.> workers");
        assertEquals(List.of("foo.> workers"), accepted(connect(TestJwts.sign(account, q))).permissions().subscribe().allow());
    }

    @Test
    void connectTimesCrossingMidnightEndTomorrow() {
        java.time.ZonedDateTime lateEvening = java.time.ZonedDateTime.parse("2026-03-10T23:00:00Z");
        Duration left = ConnectTimes.allowedFor(List.of(new UserLimits.TimeRange("22:00:00", "02:00:00")),
                java.time.ZoneOffset.UTC, lateEvening);
        assertEquals(Duration.ofHours(3), left);
        // As in nats-server, the part after midnight counts from today's start, so it does not admit.
        assertNull(ConnectTimes.allowedFor(List.of(new UserLimits.TimeRange("22:00:00", "02:00:00")),
                java.time.ZoneOffset.UTC, java.time.ZonedDateTime.parse("2026-03-10T01:00:00Z")));
    }

    @Test
    void limitsAreTheSmallerOfUserAndAccountAndExpiryTheEarlierOfExpAndTimes() {
        ObjectNode a = accountClaims();
        TestJwts.nats(a).putObject("limits").put("payload", 512).put("subs", -1).put("conn", 3);
        publishAccount(a, operator);
        ObjectNode u = userClaims();
        TestJwts.nats(u).put("payload", -1).put("subs", 10);
        AuthResult.Accepted ok = accepted(connect(TestJwts.sign(account, u)));
        assertEquals(new AuthResult.Limits(512, 10, 3, 0), ok.limits());
        assertNull(ok.expires());

        clock = Clock.fixed(java.time.Instant.parse("2026-01-10T12:00:00Z"), java.time.ZoneOffset.UTC);
        long now = clock.instant().getEpochSecond();
        ObjectNode expiring = userClaims();
        expiring.put("exp", now + 7200);
        TestJwts.nats(expiring).put("times_location", "UTC");
        TestJwts.nats(expiring).putArray("times").addObject().put("start", "11:00:00").put("end", "12:30:00");
        assertEquals(java.time.Instant.parse("2026-01-10T12:30:00Z"),
                accepted(connect(TestJwts.sign(account, expiring))).expires());
        ObjectNode soon = userClaims();
        soon.put("exp", now + 60);
        assertEquals(java.time.Instant.ofEpochSecond(now + 60), accepted(connect(TestJwts.sign(account, soon))).expires());
    }

    @Test
    void aUserJwtWithoutLimitsAllowsNothing() {
        // As nats' library reads a version 2 JWT: an absent limit is 0, not unlimited.
        publishAccount(accountClaims(), operator);
        assertEquals(new AuthResult.Limits(0, 0, 0, 0), accepted(connect(TestJwts.sign(account, userClaims()))).limits());
    }
}
