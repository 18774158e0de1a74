package io.natsj.auth.nkey;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import io.natsj.nkeys.NKey;
import io.natsj.nkeys.NKeyType;
import io.natsj.spi.PluginException;
import io.natsj.spi.auth.Permissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds the NKey users ({@code {nkey: "U…", permissions: …}}) of {@code authorization.users}
 * and of each account's {@code users}, with the default permissions that apply to them.
 * Entries with a {@code user} instead belong to the token plugin and are skipped; so are the
 * other keys of the two sections, which that plugin and the kernel check.
 */
final class NKeyUserEntries {

    private NKeyUserEntries() {
    }

    /**
     * @param authorization the {@code authorization} section (may be empty)
     * @param accounts the {@code accounts} section (may be empty)
     * @return the NKey users, in configuration order
     * @throws PluginException naming the entry when one is invalid or a key appears twice
     */
    static List<NKeyUser> read(Config authorization, Config accounts) {
        List<NKeyUser> users = new ArrayList<>();
        ConfigValue usersValue = null;
        String usersKey = null;
        Permissions defaults = null;
        ConfigReading.Aliases aliases = new ConfigReading.Aliases("authorization");
        for (Map.Entry<String, ConfigValue> e : authorization.root().entrySet()) {
            switch (e.getKey().toLowerCase(Locale.ROOT)) {
                case "users" -> {
                    usersValue = e.getValue();
                    usersKey = e.getKey();
                }
                case "default_permission", "default_permissions", "permissions" -> {
                    aliases.add("default_permissions", e.getKey());
                    defaults = ConfigReading.permissions(e.getValue(), "authorization." + e.getKey());
                }
                default -> {
                    // The token plugin and the kernel check the other keys.
                }
            }
        }
        if (usersValue != null) {
            users.addAll(list(usersValue, "authorization." + usersKey, NKeyUser.GLOBAL_ACCOUNT, defaults));
        }
        for (Map.Entry<String, ConfigValue> account : accounts.root().entrySet()) {
            if (account.getValue() instanceof ConfigObject body) {
                users.addAll(account(account.getKey(), body));
            }
        }
        checkDuplicates(users);
        return List.copyOf(users);
    }

    private static List<NKeyUser> account(String name, ConfigObject body) {
        String path = "accounts." + name;
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
                        defaults = ConfigReading.permissions(e.getValue(), path + "." + e.getKey());
                default -> {
                    // The kernel reads imports, exports, limits and the rest.
                }
            }
        }
        return usersValue == null ? List.of() : list(usersValue, path + "." + usersKey, name, defaults);
    }

    private static List<NKeyUser> list(ConfigValue value, String path, String account, Permissions defaults) {
        if (!(value instanceof ConfigList list)) {
            throw new PluginException(path + ": Expected users field to be an array, got " + value.unwrapped());
        }
        List<NKeyUser> users = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String where = path + "[" + i + "]";
            if (!(list.get(i) instanceof ConfigObject entry)) {
                throw new PluginException(where + ": Expected user entry to be a map/struct, got " + list.get(i).unwrapped());
            }
            NKeyUser user = entry(entry, where, account, defaults);
            if (user != null) {
                users.add(user);
            }
        }
        return users;
    }

    /** @return the user, or null when the entry is not an NKey user */
    private static NKeyUser entry(ConfigObject entry, String where, String account, Permissions defaults) {
        String nkeyKey = entry.keySet().stream().filter(k -> k.equalsIgnoreCase("nkey")).findFirst().orElse(null);
        if (nkeyKey == null) {
            return null;
        }
        String nkey = ConfigReading.string(entry.get(nkeyKey), where + "." + nkeyKey);
        if (nkey.isEmpty()) {
            return null;
        }
        ConfigReading.Aliases aliases = new ConfigReading.Aliases(where);
        Permissions permissions = null;
        for (Map.Entry<String, ConfigValue> e : entry.entrySet()) {
            String key = e.getKey();
            String keyPath = where + "." + key;
            ConfigValue value = e.getValue();
            switch (key.toLowerCase(Locale.ROOT)) {
                case "nkey" -> {
                    // Read above.
                }
                case "user", "username", "pass", "password" -> {
                    if (!ConfigReading.string(value, keyPath).isEmpty()) {
                        throw new PluginException(where + ": Nkey users do not take usernames or passwords");
                    }
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
        if (!NKey.isValidPublicKey(nkey, NKeyType.USER)) {
            throw new PluginException(where + "." + nkeyKey + ": Not a valid public nkey for a user: \"" + nkey + "\"");
        }
        Permissions effective = permissions != null ? permissions : defaults != null ? defaults : Permissions.ALL;
        return new NKeyUser(nkey, account, effective, where);
    }

    private static void checkDuplicates(List<NKeyUser> users) {
        Map<String, String> seen = new HashMap<>();
        for (NKeyUser user : users) {
            String previous = seen.putIfAbsent(user.publicKey(), user.path());
            if (previous != null) {
                throw new PluginException(user.path() + ": Duplicate nkey \"" + user.publicKey() + "\" detected"
                        + " (also at " + previous + ")");
            }
        }
    }
}
