package io.natsj.auth.token;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import io.natsj.spi.PluginException;
import io.natsj.spi.auth.Permissions;
import io.natsj.spi.auth.config.AuthConfigValues;
import io.natsj.spi.auth.config.ConfiguredUser;
import io.natsj.spi.auth.config.ConfiguredUsers;
import io.natsj.spi.auth.config.KeyAliases;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The password side of a configuration: the {@code authorization} section (token, single
 * user, users list, default permissions) and the users listed per account, checked for the
 * combinations nats-server refuses at startup, with nats-server's wording.
 *
 * <p>This is the plugin that owns the {@code authorization} keys, so it also refuses unknown
 * ones there. {@code timeout} is the kernel's; NKey users are the NKey plugin's.
 */
final class AuthorizationSection {

    private static final String SECTION = "authorization";

    private Secret token;
    private String userKey;
    private String userName;
    private String password;
    private boolean passwordIsVariable;
    private boolean usersListPresent;
    private Permissions defaultPermissions;
    private String defaultPermissionsKey;
    private final List<PasswordUser> users = new ArrayList<>();
    private final List<ConfiguredUser> entries = new ArrayList<>();
    private int nkeyEntries;
    private int accountEntries;

    private AuthorizationSection() {
    }

    /**
     * @param authorization the {@code authorization} section (may be empty)
     * @param accounts the {@code accounts} section (may be empty)
     * @return the checked configuration
     * @throws PluginException naming the key when it is invalid or a combination is refused
     */
    static AuthorizationSection read(Config authorization, Config accounts) {
        AuthorizationSection section = new AuthorizationSection();
        section.readAuthorization(authorization.root());
        section.readAccounts(accounts.root());
        section.checkCombinations();
        return section;
    }

    /** @return the token, or null when none is configured */
    Secret token() {
        return token;
    }

    /** @return the single {@code authorization} user, or null when none is configured */
    PasswordUser singleUser() {
        if (userName == null) {
            return null;
        }
        Secret secret = Secret.of(password == null ? "" : password, SECTION + ".password");
        // nats-server's single user is checked outside the users table: no permissions apply.
        return new PasswordUser(userName, secret, PasswordUser.GLOBAL_ACCOUNT, Permissions.ALL, SECTION + "." + userKey);
    }

    /** @return the password users of {@code authorization.users} and of every account */
    List<PasswordUser> users() {
        return List.copyOf(users);
    }

    /** @return true when some users list has NKey users, which the NKey plugin checks */
    boolean hasNkeyUsers() {
        return nkeyEntries > 0;
    }

    private void readAuthorization(ConfigObject root) {
        KeyAliases aliases = new KeyAliases(SECTION);
        ConfigValue usersValue = null;
        for (Map.Entry<String, ConfigValue> e : root.entrySet()) {
            String key = e.getKey();
            String path = SECTION + "." + key;
            ConfigValue value = e.getValue();
            switch (key.toLowerCase(Locale.ROOT)) {
                case "user", "username" -> {
                    aliases.add("user", key);
                    userKey = key;
                    userName = AuthConfigValues.string(value, path);
                }
                case "pass", "password" -> {
                    aliases.add("password", key);
                    password = AuthConfigValues.string(value, path);
                    passwordIsVariable = AuthConfigValues.isUsedVariable(value);
                }
                case "token" -> {
                    String text = AuthConfigValues.string(value, path);
                    if (text.isEmpty()) {
                        // nats-server would run with no authentication at all: say so instead.
                        throw new PluginException(path + " is empty");
                    }
                    token = Secret.of(text, path);
                }
                case "users" -> {
                    usersListPresent = true;
                    usersValue = value;
                }
                case "default_permission", "default_permissions", "permissions" -> {
                    aliases.add("default_permissions", key);
                    defaultPermissionsKey = key;
                    defaultPermissions = AuthConfigValues.permissions(value, path);
                }
                case "timeout" -> {
                    // The kernel reads the authentication timeout.
                }
                case "proxy_required" -> AuthConfigValues.checkProxyRequired(value, path);
                case "auth_callout", "auth_hook" ->
                        throw new PluginException(path + ": auth callout is not supported by natsj yet");
                default -> {
                    if (!AuthConfigValues.isUsedVariable(value)) {
                        throw new PluginException("unknown field \"" + path + "\"");
                    }
                }
            }
        }
        if (usersValue != null) {
            // Read after the loop: default_permissions may come after the list.
            addUsers(ConfiguredUsers.list(usersValue, SECTION + ".users", PasswordUser.GLOBAL_ACCOUNT,
                    defaultPermissions));
        }
    }

    private void readAccounts(ConfigObject root) {
        List<ConfiguredUser> listed = ConfiguredUsers.ofAccounts(root);
        accountEntries = listed.size();
        addUsers(listed);
    }

    private void addUsers(List<ConfiguredUser> listed) {
        entries.addAll(listed);
        for (ConfiguredUser entry : listed) {
            if (entry.isNkey()) {
                nkeyEntries++;
            } else {
                Secret secret = Secret.of(entry.password() == null ? "" : entry.password(), entry.path() + ".password");
                users.add(new PasswordUser(entry.name(), secret, entry.account(), entry.permissions(), entry.path()));
            }
        }
    }

    private void checkCombinations() {
        boolean hasUser = userName != null && !userName.isEmpty();
        if (userName != null && userName.isEmpty()) {
            throw new PluginException(SECTION + "." + userKey + " is empty");
        }
        if (password != null && !hasUser) {
            if (!passwordIsVariable) {
                // nats-server ignores a lone password (with no users, it lets everyone in).
                throw new PluginException(SECTION + ".password is set without a user");
            }
            // test/configs/authorization.conf defines "PASS" as a $variable for its users.
            password = null;
        }
        if (hasUser && token != null) {
            throw new PluginException(SECTION + ": Cannot have a user/pass and token");
        }
        if (usersListPresent) {
            if (hasUser) {
                throw new PluginException(SECTION + ": Can not have a single user/pass and a users array");
            }
            if (token != null) {
                throw new PluginException(SECTION + ": Can not have a token and a users array");
            }
        }
        if (accountEntries > 0) {
            if (hasUser) {
                throw new PluginException("accounts: Can not have a single user/pass and accounts");
            }
            if (token != null) {
                throw new PluginException("accounts: Can not have a token and accounts");
            }
        }
        if (defaultPermissions != null && !usersListPresent) {
            // nats-server applies them to authorization.users only (accounts have their own):
            // without that list they would silently do nothing.
            throw new PluginException(SECTION + "." + defaultPermissionsKey
                    + " applies to authorization.users only, and there is no such list");
        }
        ConfiguredUsers.checkUnique(entries);
    }
}
