package io.natsj.kernel.system;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.natsj.kernel.account.Account;
import io.natsj.kernel.account.Accounts;
import io.natsj.kernel.auth.Authentication;
import io.natsj.kernel.client.ClientConnection;
import io.natsj.kernel.client.InternalClient;
import io.natsj.kernel.log.Log;
import io.natsj.kernel.server.Server;
import io.natsj.spi.PluginException;
import java.util.Locale;
import java.util.Map;

/**
 * The system account: {@code system_account} (or {@code system}) names it, {@code $SYS} when
 * unnamed, none with {@code no_system_account}. Its internal client publishes the connection
 * advisories and answers the {@code $SYS.REQ.SERVER} requests.
 */
public final class SystemAccount {

    /** The system account's name when the configuration names none. */
    public static final String DEFAULT_NAME = "$SYS";

    private final Account account;
    private SystemEvents events;
    private AccountConnsExchange conns;

    private SystemAccount(Account account) {
        this.account = account;
    }

    /** The system account options: the name configured (null when none), and whether it is disabled. */
    private record Configured(String name, boolean disabled) {
    }

    private static Configured read(Config config) {
        String name = null;
        boolean disabled = false;
        for (Map.Entry<String, ConfigValue> e : config.root().entrySet()) {
            String key = e.getKey().toLowerCase(Locale.ROOT);
            ConfigValue v = e.getValue();
            switch (key) {
                case "system_account", "system" -> {
                    if (v.valueType() != ConfigValueType.STRING) {
                        throw new PluginException(e.getKey() + ": expected an account name");
                    }
                    if (name == null || key.equals("system_account")) {
                        name = (String) v.unwrapped();
                    }
                }
                case "no_system_account", "no_system", "no_sys_acc" -> {
                    if (v.valueType() != ConfigValueType.BOOLEAN) {
                        throw new PluginException(e.getKey() + ": expected true or false");
                    }
                    disabled = (Boolean) v.unwrapped();
                }
                default -> { }
            }
        }
        return new Configured(name == null || name.isEmpty() ? null : name, disabled);
    }

    /**
     * @param config the whole configuration
     * @return the system account's name as the configuration alone decides it ({@code $SYS}
     *         when unnamed), or null when it is disabled
     */
    public static String configuredName(Config config) {
        Configured c = read(config);
        return c.name() != null ? c.name() : c.disabled() ? null : DEFAULT_NAME;
    }

    /**
     * Reads the system account options and makes sure the account exists. In operator mode
     * (an authenticator that resolves accounts) the account is named by its public key and
     * need not be configured, and the operator's system account applies when the
     * configuration names none.
     *
     * @param config the whole configuration
     * @param accounts the accounts; {@code $SYS} is added when the default is used
     * @param authentication the server's authentication
     * @return the system account, disabled when {@code no_system_account} is set
     * @throws PluginException when the named account is not configured
     */
    public static SystemAccount configure(Config config, Accounts accounts, Authentication authentication) {
        Configured configured = read(config);
        String name = configured.name();
        if (name == null) {
            if (configured.disabled()) {
                return new SystemAccount(null);
            }
            name = authentication.systemAccount().orElse(DEFAULT_NAME);
        }
        Account account = accounts.get(name);
        if (account == null) {
            if (!name.equals(DEFAULT_NAME) && !authentication.resolvesAccounts()) {
                throw new PluginException("error resolving system account: account missing");
            }
            account = accounts.add(name);
        }
        return new SystemAccount(account);
    }

    /**
     * Subscribes the system services; called once the server is listening.
     *
     * @param server the running server
     */
    public void start(Server server) {
        if (account == null) {
            return;
        }
        InternalClient client = new InternalClient(account, "system");
        SystemIdentity identity = new SystemIdentity(server);
        new SystemRequests(server, client, identity).subscribe();
        events = new SystemEvents(server, account, client, identity);
        conns = new AccountConnsExchange(server, account, client, identity);
        conns.start();
    }

    /** Tells the cluster this server is going, before its routes close. */
    public void stop() {
        AccountConnsExchange c = conns;
        if (c != null) {
            try {
                c.stop();
            } catch (RuntimeException e) {
                Log.error("System account: shutdown event failed: " + e);
            }
        }
    }

    /** @return the system account, or null when there is none */
    public Account account() {
        return account;
    }

    /** @param c a connection whose CONNECT was just accepted */
    public void connected(ClientConnection c) {
        SystemEvents e = events;
        if (e != null) {
            try {
                e.connected(c);
            } catch (RuntimeException ex) {
                // An advisory is news about a client, never a reason to refuse it.
                Log.error("System account: connect advisory for cid " + c.id() + " failed: " + ex);
            }
        }
    }

    /**
     * @param c an admitted connection that closed
     * @param reason why, in nats-server's words
     */
    public void disconnected(ClientConnection c, String reason) {
        SystemEvents e = events;
        if (e != null) {
            try {
                e.disconnected(c, reason);
            } catch (RuntimeException ex) {
                Log.error("System account: disconnect advisory for cid " + c.id() + " failed: " + ex);
            }
        }
    }
}
