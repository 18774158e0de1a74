package io.natsj.nkeys;

/**
 * Base32 with the RFC 4648 alphabet and no padding, the text form of NKeys. The JDK has no
 * base32 codec, and this one only needs to be strict, not fast.
 */
final class Base32 {

    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final int[] VALUES = buildValues();

    private Base32() {
    }

    /**
     * @param data the bytes to encode
     * @return their unpadded base32 form
     */
    static String encode(byte[] data) {
        StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET[(buffer >>> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(ALPHABET[(buffer << (5 - bits)) & 31]);
        }
        return out.toString();
    }

    /**
     * Decodes unpadded base32. Trailing bits that do not fill a whole byte are dropped, as Go's
     * decoder does: a seed's 58 characters carry 290 bits for 36 bytes.
     *
     * @param text the base32 text, upper case
     * @return the decoded bytes
     * @throws NKeyException when a character is outside the alphabet
     */
    static byte[] decode(CharSequence text) {
        byte[] out = new byte[text.length() * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int written = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int value = c < VALUES.length ? VALUES[c] : -1;
            if (value < 0) {
                throw new NKeyException("invalid nkey: character '" + c + "' at position " + i
                        + " is not base32");
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out[written++] = (byte) (buffer >>> (bits - 8));
                bits -= 8;
            }
        }
        return out;
    }

    private static int[] buildValues() {
        int[] values = new int[128];
        java.util.Arrays.fill(values, -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            values[ALPHABET[i]] = i;
        }
        return values;
    }
}
