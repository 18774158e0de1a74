package io.natsj.auth.jwt;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Fills in the templates of a scoped signing key's permissions for one user, as nats-server
 * 2.9 does: a token {@code {{name()}}}, {@code {{subject()}}}, {@code {{account-name()}}},
 * {@code {{account-subject()}}}, {@code {{tag(x)}}} or {@code {{account-tag(x)}}} is replaced
 * by the user's or account's value (one subject per combination of tag values); an unknown
 * template yields an invalid subject. Invalid subjects are dropped from allow lists and refuse
 * the user in deny lists; an allow list that ends up empty denies everything.
 */
final class PermissionTemplates {

    private final UserClaims user;
    private final AccountClaims account;

    PermissionTemplates(UserClaims user, AccountClaims account) {
        this.user = user;
        this.account = account;
    }

    /**
     * @param template the scope's permissions
     * @return them, filled in for this user
     * @throws JwtException when a deny entry becomes an invalid subject
     */
    JwtPermissions apply(JwtPermissions template) throws JwtException {
        List<String> subAllow = apply(template.subAllow(), false);
        List<String> subDeny = new ArrayList<>(apply(template.subDeny(), true));
        List<String> pubAllow = apply(template.pubAllow(), false);
        List<String> pubDeny = new ArrayList<>(apply(template.pubDeny(), true));
        if (!template.subAllow().isEmpty() && subAllow.isEmpty() && !subDeny.contains(">")) {
            subDeny.add(">");
        }
        if (!template.pubAllow().isEmpty() && pubAllow.isEmpty() && !pubDeny.contains(">")) {
            pubDeny.add(">");
        }
        return new JwtPermissions(pubAllow, List.copyOf(pubDeny), subAllow, List.copyOf(subDeny), template.resp());
    }

    private List<String> apply(List<String> list, boolean failOnBadSubject) throws JwtException {
        if (list.stream().noneMatch(PermissionTemplates::hasTemplate)) {
            return list;
        }
        List<String> out = new ArrayList<>();
        for (String entry : list) {
            String[] tokens = entry.split("\\.", -1);
            List<List<String>> choices = new ArrayList<>();
            for (String tk : tokens) {
                choices.add(isTemplate(tk) ? values(tk) : List.of(tk));
            }
            for (String subject : combinations(choices)) {
                if (validSubject(subject)) {
                    out.add(subject);
                } else if (failOnBadSubject) {
                    throw new JwtException("generated invalid subject");
                }
            }
        }
        return List.copyOf(out);
    }

    private List<String> values(String token) {
        String op = token.substring(2, token.length() - 2).toLowerCase(Locale.ROOT);
        switch (op) {
            case "name()":
                return List.of(user.common().name());
            case "subject()":
                return List.of(user.common().subject());
            case "account-name()":
                return List.of(account.common().name());
            case "account-subject()":
                return List.of(user.issuerAccount());
            default:
                break;
        }
        boolean accountTag = op.startsWith("account-tag(") && op.endsWith(")");
        if (accountTag || (op.startsWith("tag(") && op.endsWith(")"))) {
            String name = op.substring(accountTag ? "account-tag(".length() : "tag(".length(), op.length() - 1);
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            List<String> found = new ArrayList<>();
            for (String tag : accountTag ? account.tags() : user.tags()) {
                if (tag.startsWith(prefix)) {
                    found.add(tag.substring(prefix.length()));
                }
            }
            // No value: an empty token, which makes the subject invalid as nats-server intends.
            return found.isEmpty() ? List.of("") : found;
        }
        return List.of(" ");
    }

    private static List<String> combinations(List<List<String>> choices) {
        List<String> out = new ArrayList<>();
        out.add("");
        for (int i = 0; i < choices.size(); i++) {
            List<String> next = new ArrayList<>();
            for (String prefix : out) {
                for (String v : choices.get(i)) {
                    next.add(i == 0 ? v : prefix + "." + v);
                }
            }
            out = next;
        }
        return out;
    }

    private static boolean hasTemplate(String entry) {
        for (String tk : entry.split("\\.", -1)) {
            if (isTemplate(tk)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTemplate(String token) {
        return token.startsWith("{{") && token.endsWith("}}") && token.length() >= 4;
    }

    /** nats-server's {@code IsValidSubject}: no empty token, no white space, {@code >} last only. */
    static boolean validSubject(String subject) {
        if (subject.isEmpty()) {
            return false;
        }
        String[] tokens = subject.split("\\.", -1);
        for (int i = 0; i < tokens.length; i++) {
            String t = tokens[i];
            if (t.isEmpty()) {
                return false;
            }
            for (int c = 0; c < t.length(); c++) {
                if (Character.isWhitespace(t.charAt(c))) {
                    return false;
                }
            }
            if (t.equals(">") && i != tokens.length - 1) {
                return false;
            }
        }
        return true;
    }
}
