package io.natsj.kernel.subject;

import io.netty.buffer.ByteBuf;

/**
 * Subject syntax, as nats-server judges it: tokens separated by {@code .}, none empty;
 * {@code *} and {@code >} are wildcards only as whole tokens, and {@code >} only last.
 */
public final class Subjects {

    private Subjects() {
    }

    /**
     * A subject a client may subscribe to: wildcards allowed, no empty token, no whitespace.
     *
     * @param subject the subject
     * @return true when valid
     */
    public static boolean isValidSubscribeSubject(String subject) {
        if (subject.isEmpty()) {
            return false;
        }
        boolean afterFullWildcard = false;
        int tokenStart = 0;
        int n = subject.length();
        for (int i = 0; i <= n; i++) {
            if (i == n || subject.charAt(i) == '.') {
                int len = i - tokenStart;
                if (len == 0 || afterFullWildcard) {
                    return false;
                }
                if (len == 1 && subject.charAt(tokenStart) == '>') {
                    afterFullWildcard = true;
                }
                tokenStart = i + 1;
            } else if (isWhitespace(subject.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * A subject without wildcards, as pedantic mode demands for publishing.
     *
     * @param buf the bytes
     * @param index the first byte
     * @param length the byte count
     * @return true when every token is non-empty and none is a lone {@code *} or {@code >}
     */
    public static boolean isValidLiteralSubject(ByteBuf buf, int index, int length) {
        if (length == 0) {
            return false;
        }
        int tokenStart = index;
        int end = index + length;
        for (int i = index; i <= end; i++) {
            if (i == end || buf.getByte(i) == '.') {
                int len = i - tokenStart;
                if (len == 0) {
                    return false;
                }
                if (len == 1) {
                    byte b = buf.getByte(tokenStart);
                    if (b == '*' || b == '>') {
                        return false;
                    }
                }
                tokenStart = i + 1;
            }
        }
        return true;
    }

    /**
     * @param subject a valid subscribe subject
     * @return true when it holds a {@code *} or {@code >} token
     */
    public static boolean hasWildcard(String subject) {
        int n = subject.length();
        for (int i = 0; i < n; i++) {
            char c = subject.charAt(i);
            if ((c == '*' || c == '>') && (i == 0 || subject.charAt(i - 1) == '.')
                    && (i == n - 1 || subject.charAt(i + 1) == '.')) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a literal subject matches a subscription subject, token by token.
     *
     * @param filter a subscribe subject, possibly with wildcards
     * @param literal a literal subject
     * @return true on a match
     */
    public static boolean matches(String filter, String literal) {
        int f = 0;
        int l = 0;
        int fn = filter.length();
        int ln = literal.length();
        while (f < fn && l <= ln) {
            int fEnd = filter.indexOf('.', f);
            if (fEnd < 0) {
                fEnd = fn;
            }
            if (l == ln) {
                return false;
            }
            int lEnd = literal.indexOf('.', l);
            if (lEnd < 0) {
                lEnd = ln;
            }
            int fLen = fEnd - f;
            if (fLen == 1 && filter.charAt(f) == '>') {
                return true;
            }
            boolean star = fLen == 1 && filter.charAt(f) == '*';
            if (!star && !filter.regionMatches(f, literal, l, Math.max(fLen, lEnd - l))) {
                return false;
            }
            if (!star && fLen != lEnd - l) {
                return false;
            }
            f = fEnd + 1;
            l = lEnd + 1;
            if (fEnd == fn || lEnd == ln) {
                return fEnd == fn && lEnd == ln;
            }
        }
        return false;
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
    }
}
