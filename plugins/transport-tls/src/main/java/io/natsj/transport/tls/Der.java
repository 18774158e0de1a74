package io.natsj.transport.tls;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The little of ASN.1 DER that reading PEM keys and certificate subjects needs. Hand-written
 * because the JDK exposes no public DER parser and a BouncyCastle dependency for this would
 * outweigh the plugin.
 */
final class Der {

    static final int INTEGER = 0x02;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;
    static final int UTF8_STRING = 0x0c;
    static final int NUMERIC_STRING = 0x12;
    static final int PRINTABLE_STRING = 0x13;
    static final int T61_STRING = 0x14;
    static final int IA5_STRING = 0x16;
    static final int BMP_STRING = 0x1e;
    static final int SEQUENCE = 0x30;
    static final int SET = 0x31;
    static final int CONTEXT_0 = 0xa0;

    private Der() {
    }

    /** One decoded element: its tag and its content octets. */
    record Element(int tag, byte[] content) {

        /** @return the elements inside a constructed element (SEQUENCE, SET, [n]) */
        List<Element> children() {
            return Der.parseAll(content);
        }

        /** @return the dotted form of an OBJECT IDENTIFIER */
        String oid() {
            StringBuilder out = new StringBuilder();
            long value = 0;
            boolean first = true;
            for (byte b : content) {
                value = (value << 7) | (b & 0x7f);
                if ((b & 0x80) != 0) {
                    continue;
                }
                if (first) {
                    // The first sub-identifier packs two arcs: 40 * X + Y.
                    long top = Math.min(value / 40, 2);
                    out.append(top).append('.').append(value - 40 * top);
                    first = false;
                } else {
                    out.append('.').append(value);
                }
                value = 0;
            }
            return out.toString();
        }

        /**
         * @return the text of a directory string, or null when the element is not one of the
         *         string types Go's encoding/asn1 decodes as text (nats-server skips the others)
         */
        String text() {
            return switch (tag) {
                case UTF8_STRING -> new String(content, StandardCharsets.UTF_8);
                case PRINTABLE_STRING, IA5_STRING, NUMERIC_STRING ->
                        new String(content, StandardCharsets.US_ASCII);
                case T61_STRING -> new String(content, StandardCharsets.ISO_8859_1);
                case BMP_STRING -> new String(content, StandardCharsets.UTF_16BE);
                default -> null;
            };
        }
    }

    /** Parses one element that must span all of {@code der}. */
    static Element parse(byte[] der) {
        List<Element> all = parseAll(der);
        if (all.size() != 1) {
            throw new IllegalArgumentException("expected one DER element, found " + all.size());
        }
        return all.getFirst();
    }

    /** Parses consecutive elements filling {@code der}. */
    static List<Element> parseAll(byte[] der) {
        List<Element> out = new ArrayList<>();
        int pos = 0;
        while (pos < der.length) {
            int tag = der[pos++] & 0xff;
            if ((tag & 0x1f) == 0x1f) {
                throw new IllegalArgumentException("multi-byte DER tags are not supported");
            }
            if (pos >= der.length) {
                throw new IllegalArgumentException("truncated DER length");
            }
            int length = der[pos++] & 0xff;
            if (length > 0x7f) {
                int octets = length & 0x7f;
                if (octets == 0 || octets > 4 || pos + octets > der.length) {
                    throw new IllegalArgumentException("bad DER length");
                }
                length = 0;
                for (int i = 0; i < octets; i++) {
                    length = (length << 8) | (der[pos++] & 0xff);
                }
            }
            if (length < 0 || pos + length > der.length) {
                throw new IllegalArgumentException("truncated DER element");
            }
            byte[] content = new byte[length];
            System.arraycopy(der, pos, content, 0, length);
            pos += length;
            out.add(new Element(tag, content));
        }
        return out;
    }

    /** Encodes one element from its tag and content. */
    static byte[] encode(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.size();
        if (length < 0x80) {
            out.write(length);
        } else {
            int octets = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | octets);
            for (int i = octets - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }

    /** Encodes an element again, tag and all, e.g. to copy a parameter through unchanged. */
    static byte[] encode(Element element) {
        return encode(element.tag(), element.content());
    }

    /** Encodes a dotted OBJECT IDENTIFIER. */
    static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeBase128(body, Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            writeBase128(body, Long.parseLong(arcs[i]));
        }
        return encode(OID, body.toByteArray());
    }

    private static void writeBase128(ByteArrayOutputStream out, long value) {
        int groups = Math.max(1, (64 - Long.numberOfLeadingZeros(value) + 6) / 7);
        for (int i = groups - 1; i >= 0; i--) {
            int septet = (int) ((value >>> (7 * i)) & 0x7f);
            out.write(i == 0 ? septet : septet | 0x80);
        }
    }
}
