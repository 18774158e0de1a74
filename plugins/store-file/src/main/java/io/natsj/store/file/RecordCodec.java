package io.natsj.store.file;

import io.natsj.spi.store.StoredMessage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The layout of one record in a block file. A record is exactly as long as nats-server's file
 * store counts a message ({@code 22 + subject + payload + 8}, plus {@code 4 + headers} when
 * there are headers), so a block's bytes are the stream's accounted bytes:
 *
 * <pre>
 *  0  int   record length; top bit set when the record carries headers
 *  4  byte  state: {@link #LIVE}, {@link #DELETED} or {@link #MARKER}
 *  5  7 B   sequence (low 56 bits)
 * 12  long  timestamp, nanoseconds since the epoch
 * 20  short subject length
 * 22  ...   subject (UTF-8); [int header length, headers]; payload
 * -8  int   CRC32C of every byte before it except the state byte
 * -4  int   record length again (a torn write rarely ends in the right four bytes)
 * </pre>
 *
 * <p>The state byte sits outside the checksum so that a removal is a one-byte write in place;
 * its three values differ from each other in at least four bits, so a flipped bit turns it into
 * a value that is none of them and is reported as damage instead of silently reviving or
 * hiding a message.
 */
final class RecordCodec {

    /** Bytes before the subject. */
    static final int HEAD = 22;
    /** Bytes after the payload. */
    static final int TAIL = 8;
    /** The smallest record: a marker. */
    static final int MIN_RECORD = HEAD + TAIL;
    static final int HEADERS_FLAG = 0x8000_0000;
    static final int STATE_OFFSET = 4;
    static final byte LIVE = 0x00;
    static final byte DELETED = (byte) 0xD7;
    static final byte MARKER = 0x6B;
    static final long SEQUENCE_MASK = 0x00FF_FFFF_FFFF_FFFFL;

    private RecordCodec() {
    }

    /** @return the record length of a message, which is also its accounted size */
    static int size(int subjectBytes, int headerBytes, int payloadBytes) {
        return HEAD + subjectBytes + (headerBytes > 0 ? 4 + headerBytes : 0) + payloadBytes + TAIL;
    }

    /**
     * Encodes a record into {@code buffer} (cleared first), leaving it flipped for writing.
     *
     * @return the buffer, a larger one when {@code buffer} was too small
     */
    static ByteBuffer encode(ByteBuffer buffer, byte state, long sequence, long timestampNanos,
                             byte[] subject, byte[] headers, byte[] payload) {
        int length = size(subject.length, headers.length, payload.length);
        ByteBuffer out = buffer.capacity() >= length ? buffer.clear()
            : ByteBuffer.allocate(Math.max(length, buffer.capacity() * 2));
        out.putInt(headers.length > 0 ? length | HEADERS_FLAG : length);
        out.putLong(((long) state << 56) | (sequence & SEQUENCE_MASK));
        out.putLong(timestampNanos);
        out.putShort((short) subject.length);
        out.put(subject);
        if (headers.length > 0) {
            out.putInt(headers.length);
            out.put(headers);
        }
        out.put(payload);
        out.putInt(crc(out.array(), length));
        out.putInt(length);
        return out.flip();
    }

    /** @return the checksum of a whole record of {@code length} bytes at the start of {@code record} */
    static int crc(byte[] record, int length) {
        return crc(record, 0, length);
    }

    /** @return the checksum of a whole record of {@code length} bytes at {@code at} in {@code bytes} */
    static int crc(byte[] bytes, int at, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, at, STATE_OFFSET);
        crc.update(bytes, at + STATE_OFFSET + 1, length - STATE_OFFSET - 1 - TAIL);
        return (int) crc.getValue();
    }

    /** @return the record length stored in the first four bytes */
    static int length(int lengthField) {
        return lengthField & ~HEADERS_FLAG;
    }

    /** @return true when a record of {@code length} bytes at the start of {@code record} is whole and unchanged */
    static boolean intact(byte[] record, int length) {
        return intact(record, 0, length);
    }

    /** @return true when a record of {@code length} bytes at {@code at} in {@code bytes} is whole and unchanged */
    static boolean intact(byte[] bytes, int at, int length) {
        return length >= MIN_RECORD && (long) at + length <= bytes.length && (int) INT.get(bytes, at + length - 4) == length
            && (int) INT.get(bytes, at + length - TAIL) == crc(bytes, at, length) && layoutFits(bytes, at, length);
    }

    private static boolean layoutFits(byte[] bytes, int at, int length) {
        int subject = Short.toUnsignedInt((short) SHORT.get(bytes, at + 20));
        int used = HEAD + subject + TAIL;
        if (((int) INT.get(bytes, at) & HEADERS_FLAG) != 0) {
            if (used + 4 > length) {
                return false;
            }
            used += 4 + Math.max(0, (int) INT.get(bytes, at + HEAD + subject));
        }
        return used <= length;
    }

    /** Big-endian views of byte arrays: reads at an offset without wrapping a buffer. */
    private static final java.lang.invoke.VarHandle INT =
        java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class, java.nio.ByteOrder.BIG_ENDIAN);
    private static final java.lang.invoke.VarHandle LONG =
        java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);
    private static final java.lang.invoke.VarHandle SHORT =
        java.lang.invoke.MethodHandles.byteArrayViewVarHandle(short[].class, java.nio.ByteOrder.BIG_ENDIAN);

    /** @return the record length field (with the headers flag) at {@code at} */
    static int lengthField(byte[] bytes, int at) {
        return (int) INT.get(bytes, at);
    }

    /** @return the state byte of the record at {@code at} */
    static byte state(byte[] bytes, int at) {
        return bytes[at + STATE_OFFSET];
    }

    /** @return the sequence stored in the record at {@code at} */
    static long sequence(byte[] bytes, int at) {
        return (long) LONG.get(bytes, at + STATE_OFFSET) & SEQUENCE_MASK;
    }

    /** @return the state byte of a record */
    static byte state(byte[] record) {
        return record[STATE_OFFSET];
    }

    /** @return the sequence stored in a record */
    static long sequence(byte[] record) {
        return ByteBuffer.wrap(record).getLong(STATE_OFFSET) & SEQUENCE_MASK;
    }

    /** @return the timestamp stored in a record */
    static long timestamp(byte[] record) {
        return ByteBuffer.wrap(record).getLong(12);
    }

    /** @return the subject of an intact record */
    static String subject(byte[] record) {
        int length = Short.toUnsignedInt(ByteBuffer.wrap(record).getShort(20));
        return new String(record, HEAD, length, StandardCharsets.UTF_8);
    }

    /** Decodes an intact message record. */
    static StoredMessage decode(byte[] record) {
        return decode(record, 0, null);
    }

    /** Gives the subject of a record as a string, reusing one it gave before when the bytes are the same. */
    interface SubjectText {
        String subject(byte[] bytes, int at, int length);
    }

    /**
     * Decodes the intact message record at {@code record[start]}.
     *
     * @param subjects makes the subject string, or null for a new one
     */
    static StoredMessage decode(byte[] record, int start, SubjectText subjects) {
        int lengthField = (int) INT.get(record, start);
        int end = start + length(lengthField);
        long sequence = sequence(record, start);
        long timestamp = (long) LONG.get(record, start + 12);
        int subjectLength = Short.toUnsignedInt((short) SHORT.get(record, start + 20));
        String subject = subjects == null ? new String(record, start + HEAD, subjectLength, StandardCharsets.UTF_8)
            : subjects.subject(record, start + HEAD, subjectLength);
        int at = start + HEAD + subjectLength;
        byte[] headers = NO_HEADERS;
        if ((lengthField & HEADERS_FLAG) != 0) {
            int headerLength = (int) INT.get(record, at);
            at += 4;
            headers = java.util.Arrays.copyOfRange(record, at, at + headerLength);
            at += headerLength;
        }
        byte[] payload = java.util.Arrays.copyOfRange(record, at, end - TAIL);
        return new StoredMessage(sequence, subject, headers, payload, timestamp);
    }

    private static final byte[] NO_HEADERS = new byte[0];

    /**
     * The bytes that overwrite a record from its state byte on when it is erased: the deleted
     * state, the sequence kept (recovery still knows which sequence the record held), zeros
     * over the rest, and the trailing length kept so that the record still frames.
     */
    static ByteBuffer erasure(long sequence, int length) {
        ByteBuffer b = ByteBuffer.allocate(length - STATE_OFFSET);
        b.putLong(0, ((long) DELETED << 56) | (sequence & SEQUENCE_MASK));
        b.putInt(b.capacity() - 4, length);
        return b;
    }
}
