package io.natsj.auth.token;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import io.natsj.spi.PluginException;
import io.natsj.spi.auth.Permissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a nats-server {@code users} list, from {@code authorization} or from an account. An
 * entry is either a password user ({@code user}, {@code password}) or an NKey user
 * ({@code nkey}); the latter belong to the NKey plugin and are only counted here, because
 * they still take part in nats-server's "token and users" checks.
 */
final class UserEntries {

    /**
     * The entries of one list.
     *
     * @param users the password users, in configuration order
     * @param nkeyEntries how many entries were NKey users
     */
    record Parsed(List<PasswordUser> users, int nkeyEntries) {
    }

    private UserEntries() {
    }

    /**
     * @param value the {@code users} value
     * @param path its config path, e.g. {@code authorization.users}
     * @param account the account of these users
     * @param defaults the permissions of users that have none of their own, or null for all
     * @return the entries
     * @throws PluginException naming the entry and key when an entry is malformed
     */
    static Parsed parse(ConfigValue value, String path, String account, Permissions defaults) {
        if (!(value instanceof ConfigList list)) {
            throw new PluginException(path + ": Expected users field to be an array, got " + value.unwrapped());
        }
        List<PasswordUser> users = new ArrayList<>();
        int nkeys = 0;
        for (int i = 0; i < list.size(); i++) {
            String where = path + "[" + i + "]";
            if (!(list.get(i) instanceof ConfigObject entry)) {
                throw new PluginException(where + ": Expected user entry to be a map/struct, got " + list.get(i).unwrapped());
            }
            PasswordUser user = entry(entry, where, account, defaults);
            if (user == null) {
                nkeys++;
            } else {
                users.add(user);
            }
        }
        return new Parsed(List.copyOf(users), nkeys);
    }

    /** @return the user, or null for an NKey entry */
    private static PasswordUser entry(ConfigObject entry, String where, String account, Permissions defaults) {
        ConfigReading.Aliases aliases = new ConfigReading.Aliases(where);
        String nkey = null;
        String name = null;
        String password = null;
        Permissions permissions = null;
        for (Map.Entry<String, ConfigValue> e : entry.entrySet()) {
            String key = e.getKey();
            String keyPath = where + "." + key;
            ConfigValue value = e.getValue();
            switch (key.toLowerCase(Locale.ROOT)) {
                case "nkey" -> nkey = ConfigReading.string(value, keyPath);
                case "user", "username" -> {
                    aliases.add("user", key);
                    name = ConfigReading.string(value, keyPath);
                }
                case "pass", "password" -> {
                    aliases.add("password", key);
                    password = ConfigReading.string(value, keyPath);
                }
                case "permission", "permissions", "authorization" -> {
                    aliases.add("permissions", key);
                    permissions = ConfigReading.permissions(value, keyPath);
                }
                case "allowed_connection_types", "connection_types", "clients" -> {
                    aliases.add("allowed_connection_types", key);
                    ConfigReading.checkConnectionTypes(value, keyPath);
                }
                case "proxy_required" -> ConfigReading.checkProxyRequired(value, keyPath);
                default -> {
                    if (!ConfigReading.isUsedVariable(value)) {
                        throw new PluginException("unknown field \"" + keyPath + "\"");
                    }
                }
            }
        }
        if (nkey != null && !nkey.isEmpty()) {
            if ((name != null && !name.isEmpty()) || (password != null && !password.isEmpty())) {
                throw new PluginException(where + ": Nkey users do not take usernames or passwords");
            }
            return null;
        }
        if (name == null || name.isEmpty()) {
            throw new PluginException(where + ": User entry requires a user");
        }
        Permissions effective = permissions != null ? permissions : defaults != null ? defaults : Permissions.ALL;
        Secret secret = Secret.of(password == null ? "" : password, where + ".password");
        return new PasswordUser(name, secret, account, effective, where);
    }
}
