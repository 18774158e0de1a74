package io.natsj.kernel.account;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.natsj.spi.PluginException;
import java.util.LinkedHashMap;
import java.util.List;
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

    private static final Set<String> NOT_BUILT = Set.of("mappings", "maps", "nkey", "limits");

    /**
     * Replaced, never changed, once the server runs: accounts resolved by an authentication
     * plugin (operator mode) are added while connections read the map without a lock.
     */
    private volatile Map<String, Account> byName = new LinkedHashMap<>();
    /** Told of each account added while the server runs: peer sessions watch its interest too. */
    private final List<java.util.function.Consumer<Account>> addedListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    private Accounts() {
        byName.put(Account.GLOBAL, new Account(Account.GLOBAL));
    }

    /**
     * @param accounts the {@code accounts} section (empty when absent)
     * @param serviceKeys keys of an account block that the service plugins in this image read
     *        ({@code jetstream})
     * @return the registry
     * @throws PluginException naming a key natsj does not build yet
     */
    public static Accounts fromConfig(Config accounts, Set<String> serviceKeys) {
        Accounts registry = new Accounts();
        for (Map.Entry<String, ConfigValue> e : accounts.root().entrySet()) {
            String name = e.getKey();
            if (e.getValue().valueType() != ConfigValueType.OBJECT) {
                throw new PluginException("accounts." + name + ": expected an account block");
            }
            if (name.equals(Account.GLOBAL)) {
                throw new PluginException("\"" + name + "\" is a Reserved Account");
            }
            ConfigObject block = (ConfigObject) e.getValue();
            List<Export> exports = List.of();
            List<Import> imports = List.of();
            for (Map.Entry<String, ConfigValue> field : block.entrySet()) {
                String key = field.getKey();
                String lower = key.toLowerCase(Locale.ROOT);
                if (serviceKeys.contains(lower)) {
                    continue;
                }
                if (lower.equals("jetstream")) {
                    throw new PluginException("config key 'accounts." + name + "." + key
                            + "' needs the 'jetstream' plugin (module io.natsj.jetstream), which is not in this runtime image");
                }
                if (NOT_BUILT.contains(lower)) {
                    throw new PluginException("config key 'accounts." + name + "." + key
                            + "' is not supported by natsj yet");
                }
                switch (lower) {
                    case "users", "default_permissions" -> { } // the authentication plugins' business
                    case "exports" -> exports = AccountLinks.readExports(name, field.getValue());
                    case "imports" -> imports = AccountLinks.readImports(name, field.getValue());
                    default -> throw new PluginException("unknown field \"accounts." + name + "." + key + "\"");
                }
            }
            Account account = new Account(name);
            account.settings(block);
            account.links(exports, imports);
            registry.byName.put(name, account);
        }
        AccountLinks.validate(registry.byName);
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

    /**
     * Adds an account the server itself needs, such as the default system account, or one an
     * authentication plugin resolves (operator mode: named by its public key) when its first
     * user connects. Safe to call from any thread.
     *
     * @param name the account name
     * @return the account of that name, new or existing
     */
    public Account add(String name) {
        Account existing = byName.get(name);
        if (existing != null) {
            return existing;
        }
        Account account;
        synchronized (this) {
            existing = byName.get(name);
            if (existing != null) {
                return existing;
            }
            Map<String, Account> copy = new LinkedHashMap<>(byName);
            account = new Account(name);
            copy.put(name, account);
            byName = copy;
        }
        // Outside the lock: a listener takes its own locks (a peer session's, the tracker's).
        for (java.util.function.Consumer<Account> l : addedListeners) {
            l.accept(account);
        }
        return account;
    }

    /** @return the subscriptions of every account, the system account's services included (as nats-server counts) */
    public int subscriptionCount() {
        int n = 0;
        for (Account acc : byName.values()) {
            n += acc.index().count();
        }
        return n;
    }

    /**
     * Tells {@code listener} of every account {@link #add} creates from now on, after it is
     * in {@link #all}; an account created while the listener registers may be told and also
     * be in the snapshot the listener reads next, so listeners must take an account once.
     *
     * @param listener called on the thread that added the account
     */
    public void onAdded(java.util.function.Consumer<Account> listener) {
        addedListeners.add(listener);
    }

    /** @param listener a listener given to {@link #onAdded} that no longer wants to hear */
    public void removeOnAdded(java.util.function.Consumer<Account> listener) {
        addedListeners.remove(listener);
    }

    /** @return every account (a snapshot: accounts added afterwards are not in it) */
    public Iterable<Account> all() {
        return java.util.Collections.unmodifiableCollection(byName.values());
    }
}
