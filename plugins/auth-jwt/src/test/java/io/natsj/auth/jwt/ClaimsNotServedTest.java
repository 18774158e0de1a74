package io.natsj.auth.jwt;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.natsj.nkeys.NKey;
import io.natsj.nkeys.NKeyType;
import org.junit.jupiter.api.Test;

/** Account JWT claims natsj does not serve yet are refused (imports) or logged, never ignored. */
class ClaimsNotServedTest {

    private final NKey operator = NKey.create(NKeyType.OPERATOR);
    private final NKey account = NKey.create(NKeyType.ACCOUNT);

    @Test
    void anAccountThatImportsIsRefused() {
        ObjectNode claims = TestJwts.claims("account", account.publicKey());
        ObjectNode imp = TestJwts.nats(claims).putArray("imports").addObject();
        imp.put("name", "svc").put("subject", "svc.>").put("account", NKey.create(NKeyType.ACCOUNT).publicKey())
                .put("type", "service");
        JwtException e = assertThrows(JwtException.class, () -> AccountClaims.decode(TestJwts.sign(operator, claims)));
        assertEquals("imports in account JWTs are not supported by natsj yet", e.getMessage());
    }

    @Test
    void exportsAndJetStreamLimitsAreLoggedNotRefused() {
        ObjectNode claims = TestJwts.claims("account", account.publicKey());
        TestJwts.nats(claims).putArray("exports").addObject().put("subject", "x.>").put("type", "stream");
        TestJwts.nats(claims).putObject("limits").put("mem_storage", -1).put("disk_storage", -1);
        assertDoesNotThrow(() -> AccountClaims.decode(TestJwts.sign(operator, claims)));
    }
}
