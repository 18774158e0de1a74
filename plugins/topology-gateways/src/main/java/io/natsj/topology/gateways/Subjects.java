package io.natsj.topology.gateways;

/**
 * Subject tests the gateway's no-interest lists need: an RS+ with a wildcard clears every
 * subject it covers, as nats-server's subjectIsSubsetMatch does. Not on the message path.
 */
final class Subjects {

    private Subjects() {
    }

    /** @return true when the subject has a {@code *} or {@code >} token */
    static boolean hasWildcard(String subject) {
        String[] tokens = subject.split("\\.", -1);
        for (String t : tokens) {
            if (t.equals("*") || t.equals(">")) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param pattern a subject, wildcards allowed
     * @param subject a subject (a {@code *} or {@code >} in it only matches the same token)
     * @return true when every subject {@code subject} stands for is matched by {@code pattern}
     */
    static boolean matches(String pattern, String subject) {
        String[] p = pattern.split("\\.", -1);
        String[] s = subject.split("\\.", -1);
        for (int i = 0; i < p.length; i++) {
            if (p[i].equals(">")) {
                return i < s.length;
            }
            if (i >= s.length) {
                return false;
            }
            if (p[i].equals("*")) {
                if (s[i].equals(">")) {
                    return false;
                }
            } else if (!p[i].equals(s[i])) {
                return false;
            }
        }
        return p.length == s.length;
    }
}
