package io.natsj.store.memory;

/**
 * Matches literal subjects against a filter with {@code *} and {@code >} wildcards, token by
 * token without splitting strings (the store answers filtered reads on every consumer fetch).
 */
final class SubjectFilter {

    private SubjectFilter() {
    }

    /** @return true when the filter matches every subject (null or {@code >}) */
    static boolean matchesAll(String filter) {
        return filter == null || filter.isEmpty() || filter.equals(">");
    }

    /** @return true when the filter has no wildcard token */
    static boolean isLiteral(String filter) {
        if (matchesAll(filter)) {
            return false;
        }
        int n = filter.length();
        for (int i = 0; i < n; i++) {
            char c = filter.charAt(i);
            if ((c == '*' || c == '>') && (i == 0 || filter.charAt(i - 1) == '.')
                    && (i + 1 == n || filter.charAt(i + 1) == '.')) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param subject a literal subject
     * @param filter a filter, null for all
     * @return true when the subject matches
     */
    static boolean matches(String subject, String filter) {
        if (matchesAll(filter)) {
            return true;
        }
        int si = 0;
        int fi = 0;
        int sn = subject.length();
        int fn = filter.length();
        while (true) {
            int fe = filter.indexOf('.', fi);
            if (fe < 0) {
                fe = fn;
            }
            int se = subject.indexOf('.', si);
            if (se < 0) {
                se = sn;
            }
            int flen = fe - fi;
            if (flen == 1 && filter.charAt(fi) == '>') {
                return true;
            }
            boolean star = flen == 1 && filter.charAt(fi) == '*';
            if (!star && (flen != se - si || !subject.regionMatches(si, filter, fi, flen))) {
                return false;
            }
            boolean fEnd = fe == fn;
            boolean sEnd = se == sn;
            if (fEnd || sEnd) {
                return fEnd && sEnd;
            }
            fi = fe + 1;
            si = se + 1;
        }
    }
}
