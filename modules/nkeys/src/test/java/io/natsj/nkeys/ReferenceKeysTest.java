package io.natsj.nkeys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Checks natsj's NKeys against keys and signatures made by the NATS tools (see
 * {@code src/test/resources/nkeys/NOTICE.md}).
 */
class ReferenceKeysTest {

    private static final Pattern SEED = Pattern.compile("\\bS[NCOAU][A-Z2-7]{56}\\b");
    private static final Pattern OPERATOR_KEY = Pattern.compile("\\bO[A-Z2-7]{55}\\b");
    /** Groups: 1 header.payload (what v2 JWTs sign), 2 payload (what v1 JWTs sign), 3 signature. */
    private static final Pattern JWT = Pattern.compile("(eyJ[\\w-]+\\.([\\w-]+))\\.([\\w-]+)");

    @Test
    void signingSeedsDeriveTheListedSigningKeys() throws IOException {
        String text = resource("sigkeys.txt");
        String keysBlock = text.substring(text.indexOf("BEGIN SIGNING KEYS"), text.indexOf("END SIGNING KEYS"));
        List<String> expected = all(OPERATOR_KEY, keysBlock);
        List<String> derived = new ArrayList<>();
        for (String seed : all(SEED, text)) {
            NKey key = NKey.fromSeed(seed);
            assertEquals(NKeyType.OPERATOR, key.type());
            assertEquals(seed, key.seed(), "seed must re-encode to the same text");
            derived.add(key.publicKey());
        }
        assertEquals(3, expected.size());
        assertEquals(expected, derived);
    }

    @Test
    void operatorSeedSignedTheOperatorJwt() throws IOException {
        NKey operator = NKey.fromSeed(all(SEED, resource("test.seed")).getFirst());
        assertEquals("OCAT33MTVU2VUOIMGNGUNXJ66AH2RLSDAF3MUBCYAY5QMIL65NQM6XQG", operator.publicKey());

        Matcher jwt = JWT.matcher(resource("op.jwt"));
        assertTrue(jwt.find());
        // A v1 JWT ("alg":"ed25519") signs its payload alone, not header.payload.
        byte[] signed = jwt.group(2).getBytes(StandardCharsets.US_ASCII);
        byte[] signature = NKey.decodeSignature(jwt.group(3));
        assertTrue(NKey.verify(operator.publicKey(), signed, signature));
        // Ed25519 is deterministic: our signature must be the very one the NATS tools made.
        assertArrayEqualsHex(signature, operator.sign(signed));

        NKey signingKey = NKey.fromSeed(all(SEED, resource("sigkeys.txt")).getFirst());
        assertFalse(NKey.verify(signingKey.publicKey(), signed, signature));
    }

    @Test
    void userCredsSeedMatchesItsJwtAndTheAccountSignatureVerifies() throws IOException {
        String creds = resource("one.creds");
        NKey user = NKey.fromSeed(all(SEED, creds).getFirst());
        assertEquals(NKeyType.USER, user.type());
        assertEquals("UDCIBGGGHCJBQPOO4SCJJBHZDR37NQGGCIWMNG2DDAKJ6WMKBMAKXIMO", user.publicKey());

        Matcher jwt = JWT.matcher(creds);
        assertTrue(jwt.find());
        String account = "ABVRZKJ6Z7NIMPIYJRCHEYFRUO7ENN6NWOKQDFLFDFVPSM36UPX2UCPP";
        assertTrue(NKey.isValidPublicKey(account, NKeyType.ACCOUNT));
        assertTrue(NKey.verify(account, jwt.group(1).getBytes(StandardCharsets.US_ASCII),
                NKey.decodeSignature(jwt.group(3))));
    }

    private static void assertArrayEqualsHex(byte[] expected, byte[] actual) {
        assertEquals(java.util.HexFormat.of().formatHex(expected), java.util.HexFormat.of().formatHex(actual));
    }

    private static List<String> all(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group());
        }
        return found;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ReferenceKeysTest.class.getResourceAsStream("/nkeys/" + name)) {
            if (in == null) {
                throw new IOException("missing test resource nkeys/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
