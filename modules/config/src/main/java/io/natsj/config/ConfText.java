package io.natsj.config;

import java.util.Arrays;

/**
 * A cursor over the text of one nats-server format document, with the line/column
 * bookkeeping needed for origins and error messages.
 */
final class ConfText {

    static final int EOF = -1;

    private final String text;
    private final String name;
    private final int[] lineStarts;
    private int pos;

    ConfText(String text, String name) {
        this.text = text;
        this.name = name;
        this.lineStarts = indexLines(text);
    }

    private static int[] indexLines(String text) {
        int[] starts = new int[16];
        int count = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                }
                starts[count++] = i + 1;
            }
        }
        return Arrays.copyOf(starts, count);
    }

    String name() {
        return name;
    }

    int pos() {
        return pos;
    }

    void reset(int position) {
        pos = position;
    }

    int peek() {
        return pos < text.length() ? text.charAt(pos) : EOF;
    }

    int peekAt(int offset) {
        int p = pos + offset;
        return p < text.length() ? text.charAt(p) : EOF;
    }

    int next() {
        int c = peek();
        if (c != EOF) {
            pos++;
        }
        return c;
    }

    String slice(int from, int to) {
        return text.substring(from, to);
    }

    int lineAt(int position) {
        int idx = Arrays.binarySearch(lineStarts, position);
        return idx >= 0 ? idx + 1 : -idx - 1;
    }

    int columnAt(int position) {
        return position - lineStarts[lineAt(position) - 1] + 1;
    }

    NatsConfException error(int position, String reason) {
        return error(NatsConfException.Kind.SYNTAX, position, reason);
    }

    NatsConfException error(NatsConfException.Kind kind, int position, String reason) {
        int p = Math.min(position, text.length());
        return new NatsConfException(kind, name, lineAt(p), columnAt(p), reason);
    }

    /** nats-server's "unicode.IsSpace": newlines count as space. */
    static boolean isSpace(int c) {
        return c != EOF && (Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0x85);
    }

    /** nats-server's "isWhitespace": only blanks and tabs. */
    static boolean isBlank(int c) {
        return c == ' ' || c == '\t';
    }

    static boolean isNewline(int c) {
        return c == '\n' || c == '\r';
    }

    static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    /** Renders a character for an error message the way nats-server does. */
    static String describe(int c) {
        if (c == EOF) {
            return "EOF";
        }
        if (c == '\n') {
            return "\\n";
        }
        if (c == '\r') {
            return "\\r";
        }
        return String.valueOf((char) c);
    }
}
