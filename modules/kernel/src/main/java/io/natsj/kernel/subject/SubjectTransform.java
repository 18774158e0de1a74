package io.natsj.kernel.subject;

import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites a subject matched by a source pattern into a destination pattern, as account
 * imports do: {@code foo.*.>} to {@code bar.$1.>} turns {@code foo.a.b.c} into
 * {@code bar.a.b.c}.
 *
 * <p>The destination names the source's wildcards by position: {@code $N} or
 * {@code {{wildcard(N)}}} (1-based, over {@code *} tokens in order), or plain {@code *} and
 * {@code >} tokens that take the source's wildcards in the order they appear. The other
 * mapping functions of nats-server's subject mappings ({@code partition}, {@code split}, …)
 * are refused when the transform is built.
 */
public final class SubjectTransform {

    private static final int LITERAL = -1;
    private static final int REST = -2;

    private final String[] literals;
    /** Per destination token: {@link #LITERAL}, {@link #REST} or the source token index. */
    private final int[] sources;
    private final int restFrom;

    private SubjectTransform(String[] literals, int[] sources, int restFrom) {
        this.literals = literals;
        this.sources = sources;
        this.restFrom = restFrom;
    }

    /**
     * @param from the source pattern, wildcards allowed
     * @param to the destination pattern
     * @return the transform
     * @throws IllegalArgumentException when {@code to} names a wildcard {@code from} lacks,
     *         or leaves a {@code >} of {@code from} unused
     */
    public static SubjectTransform of(String from, String to) {
        String[] src = from.split("\\.", -1);
        List<Integer> stars = new ArrayList<>();
        int rest = -1;
        for (int i = 0; i < src.length; i++) {
            if (src[i].equals("*")) {
                stars.add(i);
            } else if (src[i].equals(">")) {
                rest = i;
            }
        }
        String[] dst = to.split("\\.", -1);
        String[] literals = new String[dst.length];
        int[] sources = new int[dst.length];
        int positional = 0;
        boolean restUsed = false;
        for (int i = 0; i < dst.length; i++) {
            String t = dst[i];
            int n = wildcardReference(t);
            if (t.equals(">")) {
                if (rest < 0 || i != dst.length - 1) {
                    throw new IllegalArgumentException("'>' in \"" + to + "\" has no '>' in \"" + from + "\" to take");
                }
                sources[i] = REST;
                restUsed = true;
            } else if (t.equals("*")) {
                if (positional >= stars.size()) {
                    throw new IllegalArgumentException("\"" + to + "\" has more '*' than \"" + from + "\"");
                }
                sources[i] = stars.get(positional++);
            } else if (n > 0) {
                if (n > stars.size()) {
                    throw new IllegalArgumentException("\"" + to + "\" names wildcard " + n + " but \""
                            + from + "\" has " + stars.size());
                }
                sources[i] = stars.get(n - 1);
            } else if (t.startsWith("{{")) {
                throw new IllegalArgumentException("subject mapping function " + t + " is not supported by natsj yet");
            } else {
                sources[i] = LITERAL;
                literals[i] = t;
            }
        }
        if (rest >= 0 && !restUsed) {
            throw new IllegalArgumentException("\"" + to + "\" must end in '>' to take the '>' of \"" + from + "\"");
        }
        return new SubjectTransform(literals, sources, rest);
    }

    /** @return N for {@code $N} or {@code {{wildcard(N)}}}, else 0 */
    private static int wildcardReference(String token) {
        String digits = null;
        if (token.length() > 1 && token.charAt(0) == '$') {
            digits = token.substring(1);
        } else {
            String compact = token.replace(" ", "");
            if (compact.startsWith("{{wildcard(") && compact.endsWith(")}}")) {
                digits = compact.substring(11, compact.length() - 3);
            }
        }
        if (digits == null || digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)) {
            return 0;
        }
        return Integer.parseInt(digits);
    }

    /**
     * @param subject a literal subject the source pattern matches
     * @return the rewritten subject
     */
    public String apply(String subject) {
        String[] tokens = subject.split("\\.", -1);
        StringBuilder out = new StringBuilder(subject.length() + 16);
        for (int i = 0; i < sources.length; i++) {
            if (i > 0) {
                out.append('.');
            }
            int s = sources[i];
            if (s == LITERAL) {
                out.append(literals[i]);
            } else if (s == REST) {
                for (int j = restFrom; j < tokens.length; j++) {
                    if (j > restFrom) {
                        out.append('.');
                    }
                    out.append(tokens[j]);
                }
            } else {
                out.append(tokens[s]);
            }
        }
        return out.toString();
    }

    /**
     * @param subset a subject pattern
     * @param of another pattern
     * @return true when every subject {@code subset} matches is matched by {@code of}, as
     *         an import must be of the export it uses
     */
    public static boolean isSubset(String subset, String of) {
        String[] a = subset.split("\\.", -1);
        String[] b = of.split("\\.", -1);
        for (int i = 0; i < b.length; i++) {
            if (b[i].equals(">")) {
                return i < a.length;
            }
            if (i >= a.length) {
                return false;
            }
            if (b[i].equals("*")) {
                if (a[i].equals(">")) {
                    return false;
                }
            } else if (!b[i].equals(a[i])) {
                return false;
            }
        }
        return a.length == b.length;
    }
}
