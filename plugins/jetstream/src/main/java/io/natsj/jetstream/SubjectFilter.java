package io.natsj.jetstream;

import io.natsj.spi.subject.SubjectMatch;

/**
 * Subject rules the engine needs beyond the SPI's {@link SubjectMatch}: validity, whether one
 * filter covers another, and whether two filters can match a common subject (stream subjects
 * must not).
 */
final class SubjectFilter {

    private SubjectFilter() {
    }

    /** nats-server's IsValidSubject: non-empty tokens, {@code >} only last, no blanks. */
    static boolean isValidSubject(String subject) {
        if (subject == null || subject.isEmpty()) {
            return false;
        }
        String[] tokens = subject.split("\\.", -1);
        for (int i = 0; i < tokens.length; i++) {
            String t = tokens[i];
            if (t.isEmpty()) {
                return false;
            }
            for (int j = 0; j < t.length(); j++) {
                char c = t.charAt(j);
                if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f') {
                    return false;
                }
            }
            if (t.equals(">") && i != tokens.length - 1) {
                return false;
            }
        }
        return true;
    }

    /** @return true when a literal subject has no wildcard tokens and is valid */
    static boolean isValidLiteral(String subject) {
        if (!isValidSubject(subject)) {
            return false;
        }
        for (String t : subject.split("\\.", -1)) {
            if (t.equals("*") || t.equals(">")) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether everything {@code subject} stands for is within {@code filter}; for a literal
     * subject that is plain matching, which {@link SubjectMatch} does without splitting.
     *
     * @param subject a subject, possibly with wildcards
     * @param filter a filter with wildcards; null, empty or {@code >} covers all
     * @return true when the filter covers the subject
     */
    static boolean matches(String subject, String filter) {
        if (SubjectMatch.matchesAll(filter)) {
            return true;
        }
        return isSubsetMatch(subject, filter);
    }

    /**
     * nats-server's subjectIsSubsetMatch: every subject {@code subject} matches is matched by
     * {@code filter} (a wildcard in {@code subject} is only covered by the same or a wider one).
     */
    static boolean isSubsetMatch(String subject, String filter) {
        String[] s = subject.split("\\.", -1);
        String[] f = filter.split("\\.", -1);
        for (int i = 0; i < f.length; i++) {
            if (i >= s.length) {
                return false;
            }
            String ft = f[i];
            if (ft.equals(">")) {
                return true;
            }
            String st = s[i];
            if (ft.equals("*")) {
                if (st.equals(">")) {
                    return false;
                }
                continue;
            }
            if (!ft.equals(st)) {
                return false;
            }
        }
        return s.length == f.length;
    }

    /** nats-server's SubjectsCollide: some literal subject matches both. */
    static boolean collide(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        String[] x = a.split("\\.", -1);
        String[] y = b.split("\\.", -1);
        int n = Math.min(x.length, y.length);
        for (int i = 0; i < n; i++) {
            if (x[i].equals(">") || y[i].equals(">")) {
                return true;
            }
            if (!x[i].equals(y[i]) && !x[i].equals("*") && !y[i].equals("*")) {
                return false;
            }
        }
        return x.length == y.length;
    }
}
