package io.natsj.auth.jwt;

/**
 * nats-server's subject containment (isSubsetMatch, the JWT library's IsContainedIn): whether
 * every subject one subject (wildcards allowed) matches is matched by another, which decides
 * whether an import falls under an export or an activation token.
 */
final class SubjectSubset {

    private SubjectSubset() {
    }

    /**
     * @param subject a subject, wildcards allowed
     * @param of the wider subject
     * @return true when {@code of} matches everything {@code subject} does
     */
    static boolean contained(String subject, String of) {
        String[] s = subject.split("\\.", -1);
        String[] o = of.split("\\.", -1);
        for (int i = 0; i < o.length; i++) {
            if (o[i].equals(">")) {
                return i < s.length;
            }
            if (i >= s.length) {
                return false;
            }
            if (o[i].equals("*")) {
                if (s[i].equals(">")) {
                    return false;
                }
                continue;
            }
            if (!o[i].equals(s[i])) {
                return false;
            }
        }
        return s.length == o.length;
    }

    /** @return true when the subject is well formed: non-empty tokens, {@code >} last */
    static boolean valid(String subject) {
        if (subject.isEmpty()) {
            return false;
        }
        String[] t = subject.split("\\.", -1);
        for (int i = 0; i < t.length; i++) {
            if (t[i].isEmpty() || t[i].chars().anyMatch(Character::isWhitespace)
                    || (t[i].equals(">") && i != t.length - 1)) {
                return false;
            }
        }
        return true;
    }
}
