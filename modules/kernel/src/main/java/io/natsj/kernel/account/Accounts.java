package io.natsj.kernel.account;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.natsj.spi.PluginException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The accounts of the server: {@code $G} (where connections without an account land) and
 * those of the {@code accounts { }} section. Users listed in an account are the
 * authentication plugins' business; what an account holds beyond users is refused by name
 * until natsj builds it.
 */
public final class Accounts {

    private static final Set<String> NOT_BUILT = Set.of("exports", "imports", "jetstream", "mappings", "nkey",
            "limits", "default_permissions");

    private final Map<String, Account> byName = new LinkedHashMap<>();

    private Accounts() {
        byName.put(Account.GLOBAL, new Account(Account.GLOBAL));
    }

    /**
     * @param accounts the {@code accounts} section (empty when absent)
     * @return the registry
     * @throws PluginException naming a key natsj does not build yet
     */
    public static Accounts fromConfig(Config accounts) {
        Accounts registry = new Accounts();
        for (Map.Entry<String, ConfigValue> e : accounts.root().entrySet()) {
            String name = e.getKey();
            if (e.getValue().valueType() != ConfigValueType.OBJECT) {
                throw new PluginException("accounts." + name + ": expected an account block");
            }
            Config block = ((com.typesafe.config.ConfigObject) e.getValue()).toConfig();
            for (String key : block.root().keySet()) {
                String lower = key.toLowerCase(Locale.ROOT);
                if (NOT_BUILT.contains(lower)) {
                    throw new PluginException("config key 'accounts." + name + "." + key
                            + "' is not supported by natsj yet");
                }
                if (!lower.equals("users")) {
                    throw new PluginException("unknown field \"accounts." + name + "." + key + "\"");
                }
            }
            registry.byName.putIfAbsent(name, new Account(name));
        }
        return registry;
    }

    /** @return the global account, {@code $G} */
    public Account global() {
        return byName.get(Account.GLOBAL);
    }

    /**
     * @param name an account name
     * @return the account, or null when there is none of that name
     */
    public Account get(String name) {
        return byName.get(name);
    }

    /** @return every account */
    public Iterable<Account> all() {
        return byName.values();
    }
}
