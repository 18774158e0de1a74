package io.natsj.spi.subject;

/**
 * Matching of literal subjects against filters with NATS wildcards: {@code *} stands for one
 * token, {@code >} for one or more trailing tokens, and both are wildcards only as whole tokens.
 *
 * <p>Every method scans the strings in place and allocates nothing, since stores and consumers
 * ask on every filtered read and the kernel on every permission check.
 */
public final class SubjectMatch {

    private SubjectMatch() {
    }

    /**
     * @param filter a filter, possibly null or empty
     * @return true when the filter stands for every subject: null, empty or {@code >}, as
     *         JetStream reads an absent filter
     */
    public static boolean matchesAll(String filter) {
        return filter == null || filter.isEmpty() || filter.equals(">");
    }

    /**
     * @param subject a valid subject
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
     * Whether a literal subject matches a filter, token by token.
     *
     * @param filter a subscribe subject, possibly with wildcards (not null; see
     *        {@link #matchesAll(String)} for JetStream's absent filter)
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
            if (!star && (fLen != lEnd - l || !filter.regionMatches(f, literal, l, fLen))) {
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

    /**
     * Matching as JetStream reads a stream's or consumer's filter: an absent filter (null,
     * empty or {@code >}) matches every subject.
     *
     * @param filter the filter, possibly null
     * @param literal a literal subject
     * @return true on a match
     */
    public static boolean matchesFilter(String filter, String literal) {
        return matchesAll(filter) || matches(filter, literal);
    }
}
