package io.natsj.nkeys;

import java.util.Arrays;

/**
 * The binary layout of NKeys, between their text form and the raw 32-byte Ed25519 keys.
 *
 * <p>A public key is one prefix byte, the 32-byte key and a CRC-16, in base32: 56 characters.
 * A seed packs two five-bit values into its first two bytes: the seed marker ({@code S}) and
 * the key's type prefix, so that both letters show in the text ({@code SU…} for a user). Then
 * come the 32-byte Ed25519 seed and the CRC-16: 58 characters.
 */
final class NKeyCodec {

    /** Length in bytes of an Ed25519 public key and of an Ed25519 seed. */
    static final int KEY_LENGTH = 32;

    private static final int SEED_PREFIX_BYTE = 18 << 3;
    private static final int PUBLIC_LENGTH = 1 + KEY_LENGTH + 2;
    private static final int SEED_LENGTH = 2 + KEY_LENGTH + 2;
    private static final int PUBLIC_TEXT_LENGTH = 56;
    private static final int SEED_TEXT_LENGTH = 58;

    private NKeyCodec() {
    }

    /**
     * A decoded key: its type and its 32 raw bytes.
     *
     * @param type the key's role
     * @param key the raw public key or seed
     */
    record Decoded(NKeyType type, byte[] key) {
    }

    static String encodePublicKey(NKeyType type, byte[] publicKey) {
        byte[] raw = new byte[PUBLIC_LENGTH];
        raw[0] = (byte) type.prefixByte();
        System.arraycopy(publicKey, 0, raw, 1, KEY_LENGTH);
        appendCrc(raw);
        return Base32.encode(raw);
    }

    static String encodeSeed(NKeyType type, byte[] seed) {
        byte[] raw = new byte[SEED_LENGTH];
        raw[0] = (byte) (SEED_PREFIX_BYTE | (type.prefixByte() >>> 5));
        raw[1] = (byte) ((type.prefixByte() & 31) << 3);
        System.arraycopy(seed, 0, raw, 2, KEY_LENGTH);
        appendCrc(raw);
        try {
            return Base32.encode(raw);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /**
     * @param text a public key such as {@code UDCIBG…}
     * @return its type and raw bytes
     * @throws NKeyException when the text is not a public key of a supported type
     */
    static Decoded decodePublicKey(String text) {
        if (text == null || text.length() != PUBLIC_TEXT_LENGTH) {
            throw new NKeyException("invalid nkey public key: expected " + PUBLIC_TEXT_LENGTH
                    + " characters, got " + (text == null ? "none" : text.length()));
        }
        byte[] raw = checkedBytes(text, "public key");
        NKeyType type = NKeyType.ofPrefixByte(raw[0] & 0xFF);
        if (type == null) {
            throw new NKeyException("invalid nkey public key: prefix '" + text.charAt(0)
                    + "' is not one of N, C, O, A, U");
        }
        return new Decoded(type, Arrays.copyOfRange(raw, 1, 1 + KEY_LENGTH));
    }

    /**
     * @param text a seed such as {@code SUAPCD…}
     * @return the type of its key pair and the raw 32-byte Ed25519 seed
     * @throws NKeyException when the text is not a seed of a supported type
     */
    static Decoded decodeSeed(CharSequence text) {
        // Seeds are secrets: no message below quotes the text itself.
        if (text == null || text.length() != SEED_TEXT_LENGTH) {
            throw new NKeyException("invalid nkey seed: expected " + SEED_TEXT_LENGTH
                    + " characters, got " + (text == null ? "none" : text.length()));
        }
        byte[] raw = checkedBytes(text, "seed");
        try {
            if ((raw[0] & 0xF8) != SEED_PREFIX_BYTE) {
                throw new NKeyException("invalid nkey seed: it must start with 'S'");
            }
            int typeByte = ((raw[0] & 0x07) << 5) | ((raw[1] & 0xF8) >>> 3);
            NKeyType type = NKeyType.ofPrefixByte(typeByte);
            if (type == null) {
                throw new NKeyException("invalid nkey seed: its second character must be one of"
                        + " N, C, O, A, U");
            }
            return new Decoded(type, Arrays.copyOfRange(raw, 2, 2 + KEY_LENGTH));
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    private static byte[] checkedBytes(CharSequence text, String what) {
        byte[] raw = Base32.decode(text);
        int bodyLength = raw.length - 2;
        int stored = (raw[bodyLength] & 0xFF) | ((raw[bodyLength + 1] & 0xFF) << 8);
        if (stored != Crc16.of(raw, bodyLength)) {
            Arrays.fill(raw, (byte) 0);
            throw new NKeyException("invalid nkey " + what + ": checksum does not match");
        }
        return raw;
    }

    private static void appendCrc(byte[] raw) {
        int crc = Crc16.of(raw, raw.length - 2);
        raw[raw.length - 2] = (byte) crc;
        raw[raw.length - 1] = (byte) (crc >>> 8);
    }
}
