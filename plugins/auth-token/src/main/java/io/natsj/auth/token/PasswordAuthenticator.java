package io.natsj.auth.token;

import io.natsj.spi.auth.AuthRequest;
import io.natsj.spi.auth.AuthResult;
import io.natsj.spi.auth.Authenticator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * User name and password, against either the single {@code authorization} user or the users
 * listed in {@code authorization.users} and in the accounts.
 *
 * <p>What it leaves to others, as nats-server does: a CONNECT with an {@code nkey} when NKey
 * users exist (the NKey plugin decides), and CONNECTs without a user, token or password.
 */
final class PasswordAuthenticator implements Authenticator {

    private final Map<String, PasswordUser> users;
    private final boolean listed;
    private final boolean nkeyUsersExist;

    /**
     * @param users the users
     * @param listed true for users lists, which {@code no_auth_user} may name; false for the
     *        single {@code authorization} user, which nats-server does not count as one
     * @param nkeyUsersExist true when NKey users are configured too
     */
    PasswordAuthenticator(List<PasswordUser> users, boolean listed, boolean nkeyUsersExist) {
        Map<String, PasswordUser> byName = new LinkedHashMap<>();
        users.forEach(u -> byName.put(u.name(), u));
        this.users = Map.copyOf(byName);
        this.listed = listed;
        this.nkeyUsersExist = nkeyUsersExist;
    }

    @Override
    public AuthResult authenticate(AuthRequest request) {
        if (request.noAuthUser()) {
            // The kernel named the no_auth_user: let it in by name, or leave it to the NKey plugin.
            return request.user().filter(this::knowsUser).map(users::get)
                    .<AuthResult>map(PasswordAuthenticator::accept)
                    .orElseGet(AuthResult.NotApplicable::new);
        }
        if (nkeyUsersExist && request.nkey().isPresent()) {
            return new AuthResult.NotApplicable();
        }
        Optional<String> name = request.user().filter(n -> !n.isEmpty());
        if (name.isEmpty()) {
            // Some clients send empty fields for unused credentials: those are not credentials.
            if (request.token().filter(t -> !t.isEmpty()).isPresent()
                    || request.password().filter(p -> !p.isEmpty()).isPresent()) {
                return new AuthResult.Rejected("no user name given");
            }
            return new AuthResult.NotApplicable();
        }
        PasswordUser user = users.get(name.get());
        if (user == null) {
            return new AuthResult.Rejected("unknown user \"" + name.get() + "\"");
        }
        if (!user.password().matches(request.password().orElse(null))) {
            return new AuthResult.Rejected("wrong password for user \"" + user.name() + "\"");
        }
        return accept(user);
    }

    private static AuthResult accept(PasswordUser user) {
        return new AuthResult.Accepted(user.name(), user.account(), user.permissions());
    }

    @Override
    public boolean knowsUser(String user) {
        return listed && users.containsKey(user);
    }

    @Override
    public java.util.Set<String> userNames() {
        return listed ? java.util.Set.copyOf(users.keySet()) : java.util.Set.of();
    }

    @Override
    public String toString() {
        return "PasswordAuthenticator[" + users.size() + " users]";
    }
}
