package io.natsj.nkeys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Curve keys and nkeys' sealed format. The known answer is NaCl's own {@code box} test (Alice's
 * secret key, Bob's public key, the nonce and the 131-byte message of "Cryptography in NaCl"),
 * whose output nkeys' {@code Seal} carries after {@code xkv1} and the nonce.
 */
class XKeyTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] ALICE_SECRET = HEX.parseHex(
            "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    private static final byte[] BOB_PUBLIC = HEX.parseHex(
            "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
    private static final byte[] NONCE = HEX.parseHex("69696ee955b62b73cd62bda875fc73d68219e0036b7a0b37");
    private static final byte[] MESSAGE = HEX.parseHex(
            "be075fc53c81f2d5cf141316ebeb0c7b5228c52a4c62cbd44b66849b64244ffc"
            + "e5ecbaaf33bd751a1ac728d45e6c61296cdc3c01233561f41db66cce314adb31"
            + "0e3be8250c46f06dceea3a7fa1348057e2f6556ad6b1318a024a838f21af1fde"
            + "048977eb48f59ffd4924ca1c60902e52f0a089bc76897040e082f93776384864"
            + "5e0705");
    /** The first 96 bytes of NaCl's expected box: the Poly1305 tag, then the ciphertext. */
    private static final byte[] BOX_START = HEX.parseHex(
            "f3ffc7703f9400e52a7dfb4b3d3305d98e993b9f48681273c29650ba32fc76ce"
            + "48332ea7164d96a4476fb8c531a1186ac0dfc17c98dce87b4da7f011ec48c972"
            + "71d2c20f9b928fe2270d6fb863d51738b48eeee314a7cc8ab932164548e526ae");

    @Test
    void sealMatchesNaclBoxAfterTheVersionAndNonce() {
        XKey alice = new XKey(ALICE_SECRET.clone());
        byte[] sealed = alice.seal(MESSAGE, XKey.publicKeyText(BOB_PUBLIC), NONCE);
        assertEquals("xkv1", new String(sealed, 0, 4, StandardCharsets.US_ASCII));
        assertArrayEquals(NONCE, Arrays.copyOfRange(sealed, 4, 28));
        assertEquals(28 + 16 + MESSAGE.length, sealed.length);
        assertArrayEquals(BOX_START, Arrays.copyOfRange(sealed, 28, 28 + BOX_START.length));
    }

    @Test
    void openReversesSealAndRefusesTampering() {
        XKey a = XKey.create();
        XKey b = XKey.create();
        byte[] sealed = a.seal("hello".getBytes(StandardCharsets.UTF_8), b.publicKey());
        assertEquals("hello", new String(b.open(sealed, a.publicKey()), StandardCharsets.UTF_8));
        sealed[sealed.length - 1] ^= 1;
        assertThrows(NKeyException.class, () -> b.open(sealed, a.publicKey()));
    }

    @Test
    void keysRoundTripThroughTheirText() {
        XKey k = XKey.create();
        assertTrue(k.publicKey().startsWith("X"));
        assertTrue(k.seed().startsWith("SX"));
        assertEquals(k.publicKey(), XKey.fromSeed(k.seed()).publicKey());
        assertTrue(XKey.isValidPublicKey(k.publicKey()));
        assertFalse(XKey.isValidPublicKey(NKey.create(NKeyType.USER).publicKey()));
    }
}
