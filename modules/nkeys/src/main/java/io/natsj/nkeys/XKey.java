package io.natsj.nkeys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.bouncycastle.crypto.engines.Salsa20Engine;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * A curve (xkey) key pair as nats' nkeys library makes them: an X25519 key whose public key
 * is written like an NKey with the prefix {@code X} (seeds {@code SX…}), used to encrypt
 * messages between two parties who know each other's public key (auth callout requests and
 * responses). {@link #seal} writes nkeys' format: {@code xkv1}, a 24-byte random nonce, then
 * NaCl's {@code box}: the X25519 shared key through HSalsa20, XSalsa20 encryption and a
 * Poly1305 tag ahead of the ciphertext.
 */
public final class XKey {

    private static final int PREFIX_BYTE = 23 << 3;
    private static final int SEED_PREFIX_BYTE = 18 << 3;
    private static final byte[] VERSION = "xkv1".getBytes(StandardCharsets.US_ASCII);
    private static final int NONCE_LENGTH = 24;
    private static final int TAG_LENGTH = 16;
    private static final int KEY_LENGTH = 32;

    private final byte[] privateKey;
    private final String publicKey;

    /** @param privateKey the raw 32-byte X25519 private key (kept, not copied) */
    XKey(byte[] privateKey) {
        this.privateKey = privateKey;
        byte[] pub = new byte[KEY_LENGTH];
        X25519.scalarMultBase(privateKey, 0, pub, 0);
        this.publicKey = encode(new byte[] {(byte) PREFIX_BYTE}, pub);
    }

    /** @return a new random curve key pair */
    public static XKey create() {
        byte[] key = new byte[KEY_LENGTH];
        Entropy.fill(key);
        return new XKey(key);
    }

    /**
     * @param seed a curve seed ({@code SX…})
     * @return the key pair
     * @throws NKeyException when the text is not a curve seed
     */
    public static XKey fromSeed(String seed) {
        byte[] raw = checked(seed, 2 + KEY_LENGTH + 2, "seed");
        try {
            int typeByte = ((raw[0] & 0x07) << 5) | ((raw[1] & 0xF8) >>> 3);
            if ((raw[0] & 0xF8) != SEED_PREFIX_BYTE || typeByte != PREFIX_BYTE) {
                throw new NKeyException("invalid curve seed: it must start with 'SX'");
            }
            return new XKey(Arrays.copyOfRange(raw, 2, 2 + KEY_LENGTH));
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /**
     * @param key text that should be a curve public key
     * @return true when it is one ({@code X…}, 56 characters, good checksum)
     */
    public static boolean isValidPublicKey(String key) {
        try {
            publicBytes(key);
            return true;
        } catch (NKeyException | IllegalArgumentException e) {
            return false;
        }
    }

    /** @return the public key ({@code X…}) */
    public String publicKey() {
        return publicKey;
    }

    /** @return the seed ({@code SX…}); keep it secret */
    public String seed() {
        return encode(new byte[] {(byte) (SEED_PREFIX_BYTE | (PREFIX_BYTE >>> 5)), (byte) ((PREFIX_BYTE & 31) << 3)},
                privateKey);
    }

    /**
     * Encrypts for a recipient, as nkeys' {@code Seal}.
     *
     * @param input the plain text
     * @param recipient the recipient's curve public key
     * @return {@code xkv1}, the nonce, the tag and the ciphertext
     */
    public byte[] seal(byte[] input, String recipient) {
        byte[] nonce = new byte[NONCE_LENGTH];
        Entropy.fill(nonce);
        return seal(input, recipient, nonce);
    }

    /** {@link #seal(byte[], String)} with a given nonce, for known-answer tests. */
    byte[] seal(byte[] input, String recipient, byte[] nonce) {
        byte[] out = new byte[VERSION.length + NONCE_LENGTH + TAG_LENGTH + input.length];
        System.arraycopy(VERSION, 0, out, 0, VERSION.length);
        System.arraycopy(nonce, 0, out, VERSION.length, NONCE_LENGTH);
        XSalsa20Engine cipher = cipher(sharedKey(recipient), nonce);
        byte[] macKey = new byte[KEY_LENGTH];
        cipher.processBytes(new byte[KEY_LENGTH], 0, KEY_LENGTH, macKey, 0);
        int body = VERSION.length + NONCE_LENGTH + TAG_LENGTH;
        cipher.processBytes(input, 0, input.length, out, body);
        byte[] tag = tag(macKey, out, body, input.length);
        System.arraycopy(tag, 0, out, VERSION.length + NONCE_LENGTH, TAG_LENGTH);
        return out;
    }

    /**
     * Decrypts what a sender sealed for this key, as nkeys' {@code Open}.
     *
     * @param sealed the sealed bytes
     * @param sender the sender's curve public key
     * @return the plain text
     * @throws NKeyException when the bytes are not in the format or do not authenticate
     */
    public byte[] open(byte[] sealed, String sender) {
        int body = VERSION.length + NONCE_LENGTH + TAG_LENGTH;
        if (sealed.length < body || !Arrays.equals(sealed, 0, VERSION.length, VERSION, 0, VERSION.length)) {
            throw new NKeyException("invalid sealed message: not xkv1");
        }
        byte[] nonce = Arrays.copyOfRange(sealed, VERSION.length, VERSION.length + NONCE_LENGTH);
        XSalsa20Engine cipher = cipher(sharedKey(sender), nonce);
        byte[] macKey = new byte[KEY_LENGTH];
        cipher.processBytes(new byte[KEY_LENGTH], 0, KEY_LENGTH, macKey, 0);
        byte[] expected = tag(macKey, sealed, body, sealed.length - body);
        byte[] got = Arrays.copyOfRange(sealed, VERSION.length + NONCE_LENGTH, body);
        if (!MessageDigest.isEqual(expected, got)) {
            throw new NKeyException("invalid sealed message: it does not authenticate");
        }
        byte[] plain = new byte[sealed.length - body];
        cipher.processBytes(sealed, body, plain.length, plain, 0);
        return plain;
    }

    /** NaCl's {@code box} key: HSalsa20 of the X25519 shared secret with a zero nonce. */
    private byte[] sharedKey(String peer) {
        byte[] secret = new byte[KEY_LENGTH];
        X25519.scalarMult(privateKey, 0, publicBytes(peer), 0, secret, 0);
        int[] state = new int[16];
        int[] sigma = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574};
        state[0] = sigma[0];
        state[5] = sigma[1];
        state[10] = sigma[2];
        state[15] = sigma[3];
        for (int i = 0; i < 4; i++) {
            state[1 + i] = littleEndian(secret, 4 * i);
            state[11 + i] = littleEndian(secret, 16 + 4 * i);
        }
        // Words 6..9 hold the 16-byte nonce: zero here.
        int[] mixed = new int[16];
        Salsa20Engine.salsaCore(20, state, mixed);
        // salsaCore adds the input back in; HSalsa20 takes the words before that addition.
        int[] words = {0, 5, 10, 15, 6, 7, 8, 9};
        byte[] key = new byte[KEY_LENGTH];
        for (int i = 0; i < words.length; i++) {
            int w = mixed[words[i]] - state[words[i]];
            key[4 * i] = (byte) w;
            key[4 * i + 1] = (byte) (w >>> 8);
            key[4 * i + 2] = (byte) (w >>> 16);
            key[4 * i + 3] = (byte) (w >>> 24);
        }
        Arrays.fill(secret, (byte) 0);
        return key;
    }

    private static XSalsa20Engine cipher(byte[] key, byte[] nonce) {
        XSalsa20Engine engine = new XSalsa20Engine();
        engine.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
        return engine;
    }

    private static byte[] tag(byte[] macKey, byte[] data, int offset, int length) {
        Poly1305 mac = new Poly1305();
        mac.init(new KeyParameter(macKey));
        mac.update(data, offset, length);
        byte[] tag = new byte[TAG_LENGTH];
        mac.doFinal(tag, 0);
        return tag;
    }

    private static int littleEndian(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
    }

    private static byte[] publicBytes(String key) {
        if (key == null || key.length() != 56) {
            throw new NKeyException("invalid curve public key: expected 56 characters");
        }
        byte[] raw = checked(key, 1 + KEY_LENGTH + 2, "public key");
        if ((raw[0] & 0xFF) != PREFIX_BYTE) {
            throw new NKeyException("invalid curve public key: it must start with 'X'");
        }
        return Arrays.copyOfRange(raw, 1, 1 + KEY_LENGTH);
    }

    private static byte[] checked(String text, int length, String what) {
        byte[] raw = Base32.decode(text);
        if (raw.length != length) {
            throw new NKeyException("invalid curve " + what + ": wrong length");
        }
        int body = raw.length - 2;
        int stored = (raw[body] & 0xFF) | ((raw[body + 1] & 0xFF) << 8);
        if (stored != Crc16.of(raw, body)) {
            throw new NKeyException("invalid curve " + what + ": checksum does not match");
        }
        return raw;
    }

    /** @return the text form of a raw curve public key */
    static String publicKeyText(byte[] raw) {
        return encode(new byte[] {(byte) PREFIX_BYTE}, raw);
    }

    private static String encode(byte[] prefix, byte[] key) {
        byte[] raw = new byte[prefix.length + KEY_LENGTH + 2];
        System.arraycopy(prefix, 0, raw, 0, prefix.length);
        System.arraycopy(key, 0, raw, prefix.length, KEY_LENGTH);
        int crc = Crc16.of(raw, raw.length - 2);
        raw[raw.length - 2] = (byte) crc;
        raw[raw.length - 1] = (byte) (crc >>> 8);
        return Base32.encode(raw);
    }

    @Override
    public String toString() {
        return "XKey[" + publicKey + "]";
    }
}
