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

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
    }
}
