package io.natsj.jetstream;

import java.nio.charset.StandardCharsets;

/**
 * Reads and adds NATS message headers as nats-server does: a key is found only at the start of
 * a line, case-sensitively, and its value runs to the line's end after leading blanks.
 */
final class MsgHeaders {

    static final String MSG_ID = "Nats-Msg-Id";
    static final String EXPECTED_STREAM = "Nats-Expected-Stream";
    static final String EXPECTED_LAST_MSG_ID = "Nats-Expected-Last-Msg-Id";
    static final String EXPECTED_LAST_SEQ = "Nats-Expected-Last-Sequence";
    static final String EXPECTED_LAST_SUBJECT_SEQ = "Nats-Expected-Last-Subject-Sequence";
    static final String ROLLUP = "Nats-Rollup";

    private MsgHeaders() {
    }

    /**
     * @param headers a header block, or null
     * @param key the header name
     * @return its first value, or null when absent or empty
     */
    static String get(byte[] headers, String key) {
        if (headers == null || headers.length == 0) {
            return null;
        }
        byte[] k = key.getBytes(StandardCharsets.US_ASCII);
        int n = headers.length;
        outer:
        for (int i = 2; i + k.length < n; i++) {
            if (headers[i - 1] != '\n' || headers[i - 2] != '\r') {
                continue;
            }
            for (int j = 0; j < k.length; j++) {
                if (headers[i + j] != k[j]) {
                    continue outer;
                }
            }
            int p = i + k.length;
            if (headers[p] != ':') {
                continue;
            }
            p++;
            while (p < n && headers[p] == ' ') {
                p++;
            }
            int start = p;
            while (p < n && !(headers[p] == '\r' && p + 1 < n && headers[p + 1] == '\n')) {
                p++;
            }
            return p == start ? null : new String(headers, start, p - start, StandardCharsets.UTF_8);
        }
        return null;
    }

    /** nats-server's parseInt64: digits only, else -1. */
    static long parseSequence(String value) {
        return value == null ? -1 : parseSequence(value, 0, value.length());
    }

    /** {@link #parseSequence(String)} of {@code value[from, to)}, without a substring. */
    static long parseSequence(String value, int from, int to) {
        if (to <= from || to - from > 19) {
            return -1;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /**
     * Builds the header block of a message served directly (direct get): the stored headers
     * with nats-server's stream, subject, sequence and time headers added.
     */
    static byte[] withStreamHeaders(byte[] stored, String stream, String subject, long seq, String time) {
        StringBuilder sb = new StringBuilder(128);
        if (stored == null || stored.length == 0) {
            sb.append("NATS/1.0\r\n");
        } else {
            String s = new String(stored, StandardCharsets.UTF_8);
            sb.append(s, 0, s.length() - 2);
        }
        sb.append("Nats-Stream: ").append(stream).append("\r\n");
        sb.append("Nats-Subject: ").append(subject).append("\r\n");
        sb.append("Nats-Sequence: ").append(seq).append("\r\n");
        sb.append("Nats-Time-Stamp: ").append(time).append("\r\n\r\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A header block carrying only a status line ({@code NATS/1.0 404 Message Not Found}). */
    static byte[] status(int code, String text) {
        return ("NATS/1.0 " + code + " " + text + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Sets one header as nats-server's removeHeaderIfPresent + genHeader do: an existing line
     * of the key goes, the new line is added last.
     *
     * @param headers a header block, or null/empty for none
     * @return the new header block
     */
    static byte[] replace(byte[] headers, String key, String value) {
        StringBuilder sb = new StringBuilder(128);
        if (headers == null || headers.length == 0) {
            sb.append("NATS/1.0\r\n");
        } else {
            String s = new String(headers, StandardCharsets.UTF_8);
            String[] lines = s.split("\r\n", -1);
            sb.append(lines[0]).append("\r\n");
            for (int i = 1; i < lines.length; i++) {
                String l = lines[i];
                if (l.isEmpty() || (l.startsWith(key) && l.length() > key.length() && l.charAt(key.length()) == ':')) {
                    continue;
                }
                sb.append(l).append("\r\n");
            }
        }
        sb.append(key).append(": ").append(value).append("\r\n\r\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** @return true for nats-server's control messages: a {@code NATS/1.0 100 } status (heartbeats, flow control) */
    static boolean isControl(byte[] headers) {
        String p = "NATS/1.0 100 ";
        if (headers == null || headers.length < p.length()) {
            return false;
        }
        for (int i = 0; i < p.length(); i++) {
            if (headers[i] != p.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
