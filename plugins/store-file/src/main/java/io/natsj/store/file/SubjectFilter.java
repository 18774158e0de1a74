package io.natsj.store.file;

/**
 * A NATS subject filter with {@code *} (one token) and {@code >} (one or more trailing tokens)
 * wildcards, split into tokens once so that matching many subjects costs no parsing.
 */
final class SubjectFilter {

    private final String[] tokens;

    private SubjectFilter(String[] tokens) {
        this.tokens = tokens;
    }

    /** @return the compiled filter */
    static SubjectFilter of(String filter) {
        return new SubjectFilter(filter.split("\\.", -1));
    }

    /** @return true when {@code filter} matches every subject ({@code null}, empty or {@code >}) */
    static boolean matchesAll(String filter) {
        return filter == null || filter.isEmpty() || filter.equals(">");
    }

    /** @return true when {@code filter} has no wildcard token */
    static boolean isLiteral(String filter) {
        // Without splitting: asked on every append and read.
        int n = filter.length();
        for (int i = 0; i < n; i++) {
            char c = filter.charAt(i);
            if ((c == '*' || c == '>') && (i == 0 || filter.charAt(i - 1) == '.')
                && (i == n - 1 || filter.charAt(i + 1) == '.')) {
                return false;
            }
        }
        return true;
    }

    /** @return true when {@code subject} (literal) matches {@code filter} */
    static boolean matches(String filter, String subject) {
        return matchesAll(filter) || (isLiteral(filter) ? filter.equals(subject) : of(filter).matches(subject));
    }

    /** @return true when the literal {@code subject} matches this filter */
    boolean matches(String subject) {
        int start = 0;
        int length = subject.length();
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i];
            if (start > length) {
                return false;
            }
            int end = subject.indexOf('.', start);
            if (end < 0) {
                end = length;
            }
            if (token.equals(">")) {
                return i == tokens.length - 1;
            }
            if (!token.equals("*") && !subject.regionMatches(start, token, 0, token.length())
                || !token.equals("*") && token.length() != end - start) {
                return false;
            }
            start = end + 1;
        }
        return start == length + 1;
    }
}
