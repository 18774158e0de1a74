package io.natsj.nkeys;

/**
 * The CRC-16 that guards every NKey: the XMODEM variant (polynomial {@code 0x1021}, initial
 * value zero, no reflection). NKeys store it little-endian after the key bytes.
 */
final class Crc16 {

    private static final int[] TABLE = buildTable();

    private Crc16() {
    }

    /**
     * @param data the bytes to checksum
     * @param length how many bytes, from the start, to include
     * @return the checksum, 0–65535
     */
    static int of(byte[] data, int length) {
        int crc = 0;
        for (int i = 0; i < length; i++) {
            crc = ((crc << 8) & 0xFFFF) ^ TABLE[((crc >>> 8) ^ data[i]) & 0xFF];
        }
        return crc;
    }

    private static int[] buildTable() {
        int[] table = new int[256];
        for (int i = 0; i < 256; i++) {
            int crc = i << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            table[i] = crc & 0xFFFF;
        }
        return table;
    }
}
