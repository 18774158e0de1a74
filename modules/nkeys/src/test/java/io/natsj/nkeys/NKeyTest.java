package io.natsj.nkeys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Creating, encoding, signing and rejecting NKeys. */
class NKeyTest {

    private static final byte[] NONCE = "nonce-from-INFO".getBytes(StandardCharsets.US_ASCII);

    @Test
    void freshServerKeyIsAnNKeyOf56Characters() {
        NKey server = NKey.create(NKeyType.SERVER);
        assertEquals('N', server.publicKey().charAt(0));
        assertEquals(56, server.publicKey().length());
        assertTrue(server.seed().startsWith("SN"));
        assertEquals(58, server.seed().length());
        assertTrue(NKey.isValidPublicKey(server.publicKey(), NKeyType.SERVER));
    }

    @ParameterizedTest
    @EnumSource(NKeyType.class)
    void seedRoundTripsForEveryType(NKeyType type) {
        NKey key = NKey.create(type);
        assertEquals(type.prefix(), key.publicKey().charAt(0));
        assertEquals("S" + type.prefix(), key.seed().substring(0, 2));
        NKey again = NKey.fromSeed(key.seed());
        assertEquals(type, again.type());
        assertEquals(key.publicKey(), again.publicKey());
        assertEquals(type, NKey.typeOfPublicKey(key.publicKey()));
    }

    @Test
    void signatureVerifiesWithTheSignersKeyOnly() {
        NKey user = NKey.create(NKeyType.USER);
        NKey other = NKey.create(NKeyType.USER);
        byte[] signature = user.sign(NONCE);
        assertEquals(64, signature.length);
        assertTrue(NKey.verify(user.publicKey(), NONCE, signature));
        assertFalse(NKey.verify(other.publicKey(), NONCE, signature));
        assertFalse(NKey.verify(user.publicKey(), "other nonce".getBytes(StandardCharsets.US_ASCII), signature));
        assertFalse(NKey.verify(user.publicKey(), NONCE, new byte[12]));
    }

    @Test
    void signatureDecodesFromUrlAndStandardBase64() {
        NKey user = NKey.create(NKeyType.USER);
        byte[] signature = user.sign(NONCE);
        String url = Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
        String standard = Base64.getEncoder().encodeToString(signature);
        assertArrayEquals(signature, NKey.decodeSignature(url));
        assertArrayEquals(signature, NKey.decodeSignature(standard));
        assertArrayEquals(signature, NKey.decodeSignature(standard.replace("=", "")));
        assertThrows(NKeyException.class, () -> NKey.decodeSignature("not base64!"));
        assertThrows(NKeyException.class, () -> NKey.decodeSignature(""));
    }

    @Test
    void corruptedChecksumIsRejected() {
        NKey user = NKey.create(NKeyType.USER);
        String key = user.publicKey();
        String lastCharChanged = key.substring(0, 55) + (key.charAt(55) == 'A' ? 'B' : 'A');
        NKeyException e = assertThrows(NKeyException.class, () -> NKey.typeOfPublicKey(lastCharChanged));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
        assertFalse(NKey.isValidPublicKey(lastCharChanged, null));

        String seed = user.seed();
        String bodyChanged = seed.substring(0, 20) + (seed.charAt(20) == 'A' ? 'B' : 'A') + seed.substring(21);
        e = assertThrows(NKeyException.class, () -> NKey.fromSeed(bodyChanged));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
        assertFalse(e.getMessage().contains(bodyChanged), "the seed must not be echoed");
    }

    @Test
    void wrongPrefixIsRejected() {
        NKey user = NKey.create(NKeyType.USER);
        assertFalse(NKey.isValidPublicKey(user.publicKey(), NKeyType.SERVER));
        assertTrue(NKey.isValidPublicKey(user.publicKey(), null));
        assertThrows(NKeyException.class, () -> NKey.fromSeed(user.publicKey()));
        assertThrows(NKeyException.class, () -> NKey.typeOfPublicKey(user.seed()));

        // Well-formed (good checksum) but with the private-key prefix 'P', which is not a role.
        byte[] raw = new byte[35];
        raw[0] = (byte) (15 << 3);
        int crc = Crc16.of(raw, 33);
        raw[33] = (byte) crc;
        raw[34] = (byte) (crc >>> 8);
        String privatePrefixed = Base32.encode(raw);
        assertEquals('P', privatePrefixed.charAt(0));
        NKeyException e = assertThrows(NKeyException.class, () -> NKey.typeOfPublicKey(privatePrefixed));
        assertTrue(e.getMessage().contains("prefix"), e.getMessage());
    }

    @Test
    void nonBase32AndWrongLengthAreRejected() {
        String key = NKey.create(NKeyType.ACCOUNT).publicKey();
        assertThrows(NKeyException.class, () -> NKey.typeOfPublicKey(key.substring(1)));
        assertThrows(NKeyException.class, () -> NKey.typeOfPublicKey(key.toLowerCase()));
        assertThrows(NKeyException.class, () -> NKey.typeOfPublicKey(key.substring(0, 55) + "1"));
        assertThrows(NKeyException.class, () -> NKey.fromSeed(null));
        assertFalse(NKey.isValidPublicKey(null, NKeyType.ACCOUNT));
    }

    @Test
    void toStringDoesNotRevealTheSeed() {
        NKey key = NKey.create(NKeyType.OPERATOR);
        assertTrue(key.toString().contains(key.publicKey()));
        assertFalse(key.toString().contains(key.seed()));
        assertNotEquals(key.seed(), NKey.create(NKeyType.OPERATOR).seed());
    }

    @Test
    void crc16MatchesTheXmodemCheckValue() {
        // The standard check input for CRC catalogues; XMODEM's check value is 0x31C3.
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0x31C3, Crc16.of(check, check.length));
    }
}
