package io.natsj.spi.auth.config;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import io.natsj.spi.PluginException;
import io.natsj.spi.auth.Permissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads nats-server {@code users} lists: the one in {@code authorization} and those of each
 * account in {@code accounts}, with the default permissions that apply to each, refusing
 * malformed entries with nats-server's words and the entry's config path.
 */
public final class ConfiguredUsers {

    /** The account of users configured outside {@code accounts}: nats-server's global account. */
    public static final String GLOBAL_ACCOUNT = "$G";

    private ConfiguredUsers() {
    }

    /**
     * @param authorization the {@code authorization} section (may be empty)
     * @return the entries of its {@code users} list, with its default permissions applied
     * @throws PluginException naming the entry or key that is malformed
     */
    public static List<ConfiguredUser> ofAuthorization(ConfigObject authorization) {
        ConfigValue usersValue = null;
        String usersKey = null;
        Permissions defaults = null;
        KeyAliases aliases = new KeyAliases("authorization");
        for (Map.Entry<String, ConfigValue> e : authorization.entrySet()) {
            switch (e.getKey().toLowerCase(Locale.ROOT)) {
                case "users" -> {
                    usersValue = e.getValue();
                    usersKey = e.getKey();
                }
                case "default_permission", "default_permissions", "permissions" -> {
                    aliases.add("default_permissions", e.getKey());
                    defaults = AuthConfigValues.permissions(e.getValue(), "authorization." + e.getKey());
                }
                default -> {
                    // The plugin owning the section checks its other keys.
                }
            }
        }
        return usersValue == null ? List.of()
                : list(usersValue, "authorization." + usersKey, GLOBAL_ACCOUNT, defaults);
    }

    /**
     * @param accounts the {@code accounts} section (may be empty); entries that are not maps
     *     are skipped, since the kernel reports them
     * @return the entries of every account's {@code users} list, in configuration order
     * @throws PluginException naming the entry or key that is malformed
     */
    public static List<ConfiguredUser> ofAccounts(ConfigObject accounts) {
        List<ConfiguredUser> users = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> account : accounts.entrySet()) {
            if (!(account.getValue() instanceof ConfigObject body)) {
                continue;
            }
            String path = "accounts." + account.getKey();
            ConfigValue usersValue = null;
            String usersKey = null;
            Permissions defaults = null;
            for (Map.Entry<String, ConfigValue> e : body.entrySet()) {
                switch (e.getKey().toLowerCase(Locale.ROOT)) {
                    case "users" -> {
                        usersValue = e.getValue();
                        usersKey = e.getKey();
                    }
                    case "default_permissions" ->
                            defaults = AuthConfigValues.permissions(e.getValue(), path + "." + e.getKey());
                    default -> {
                        // imports, exports, limits, ...: the kernel's.
                    }
                }
            }
            if (usersValue != null) {
                users.addAll(list(usersValue, path + "." + usersKey, account.getKey(), defaults));
            }
        }
        return users;
    }

    /**
     * @param value a {@code users} value
     * @param path its config path, e.g. {@code authorization.users}
     * @param account the account of these users
     * @param defaults the permissions of entries that have none of their own, or null for all
     * @return the entries, in configuration order
     * @throws PluginException naming the entry and key when an entry is malformed
     */
    public static List<ConfiguredUser> list(ConfigValue value, String path, String account, Permissions defaults) {
        if (!(value instanceof ConfigList list)) {
            throw new PluginException(path + ": Expected users field to be an array, got " + value.unwrapped());
        }
        List<ConfiguredUser> users = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String where = path + "[" + i + "]";
            if (!(list.get(i) instanceof ConfigObject entry)) {
                throw new PluginException(where + ": Expected user entry to be a map/struct, got "
                        + list.get(i).unwrapped());
            }
            users.add(entry(entry, where, account, defaults));
        }
        return users;
    }

    /**
     * Refuses two password users of one name, or two NKey users of one key, anywhere in the
     * lists given, as nats-server does.
     *
     * @param users entries from any lists
     * @throws PluginException naming both places
     */
    public static void checkUnique(List<ConfiguredUser> users) {
        Map<String, String> seen = new HashMap<>();
        for (ConfiguredUser user : users) {
            String key = user.isNkey() ? "nkey:" + user.nkey() : "user:" + user.name();
            String previous = seen.putIfAbsent(key, user.path());
            if (previous != null) {
                throw new PluginException(user.path() + ": Duplicate " + (user.isNkey() ? "nkey" : "user")
                        + " \"" + (user.isNkey() ? user.nkey() : user.name()) + "\" detected (also at " + previous + ")");
            }
        }
    }

    private static ConfiguredUser entry(ConfigObject entry, String where, String account, Permissions defaults) {
        KeyAliases aliases = new KeyAliases(where);
        String nkey = null;
        String name = null;
        String password = null;
        Permissions permissions = null;
        for (Map.Entry<String, ConfigValue> e : entry.entrySet()) {
            String key = e.getKey();
            String keyPath = where + "." + key;
            ConfigValue value = e.getValue();
            switch (key.toLowerCase(Locale.ROOT)) {
                case "nkey" -> nkey = AuthConfigValues.string(value, keyPath);
                case "user", "username" -> {
                    aliases.add("user", key);
                    name = AuthConfigValues.string(value, keyPath);
                }
                case "pass", "password" -> {
                    aliases.add("password", key);
                    password = AuthConfigValues.string(value, keyPath);
                }
                case "permission", "permissions", "authorization" -> {
                    aliases.add("permissions", key);
                    permissions = AuthConfigValues.permissions(value, keyPath);
                }
                case "allowed_connection_types", "connection_types", "clients" -> {
                    aliases.add("allowed_connection_types", key);
                    AuthConfigValues.checkConnectionTypes(value, keyPath);
                }
                case "proxy_required" -> AuthConfigValues.checkProxyRequired(value, keyPath);
                default -> {
                    if (!AuthConfigValues.isUsedVariable(value)) {
                        throw new PluginException("unknown field \"" + keyPath + "\"");
                    }
                }
            }
        }
        Permissions effective = permissions != null ? permissions : defaults != null ? defaults : Permissions.ALL;
        if (nkey != null && !nkey.isEmpty()) {
            if ((name != null && !name.isEmpty()) || (password != null && !password.isEmpty())) {
                throw new PluginException(where + ": Nkey users do not take usernames or passwords");
            }
            return new ConfiguredUser(null, null, nkey, account, effective, where);
        }
        if (name == null || name.isEmpty()) {
            throw new PluginException(where + ": User entry requires a user");
        }
        return new ConfiguredUser(name, password, null, account, effective, where);
    }
}
