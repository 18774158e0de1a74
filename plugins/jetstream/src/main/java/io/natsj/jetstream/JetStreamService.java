package io.natsj.jetstream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.natsj.spi.PluginException;
import io.natsj.spi.ServerIdentity;
import io.natsj.spi.service.InternalConnection;
import io.natsj.spi.service.JetStreamPresence;
import io.natsj.spi.service.Service;
import io.natsj.spi.service.ServiceAccount;
import io.natsj.spi.service.ServiceRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * JetStream in a running server: the accounts that have it (as nats-server decides: {@code $G}
 * when no accounts are configured, else the accounts whose {@code jetstream} setting enables
 * it), the threads streams and the API run on, and the server's INFO, /jsz, /varz and
 * /healthz contributions.
 */
final class JetStreamService implements Service {

    private static final System.Logger LOG = System.getLogger("io.natsj.jetstream");

    private final JetStreamSettings settings;
    private final ServerIdentity server;
    private final int maxPayload;
    private final StoreProviders stores;
    /** Replaced, never changed, when an account is defined later (operator mode); read without a lock. */
    private volatile Map<String, AccountJetStream> accounts = new LinkedHashMap<>();
    private final Map<String, InternalConnection> infoOnly = new LinkedHashMap<>();
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> daemon(r, "jetstream-stream"));
    private final ExecutorService api = Executors.newSingleThreadExecutor(r -> daemon(r, "jetstream-api"));
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            r -> daemon(r, "jetstream-timer"));

    private JetStreamService(JetStreamSettings settings, ServiceRequest request) {
        this.settings = settings;
        this.server = request.server();
        this.maxPayload = request.maxPayload();
        this.stores = new StoreProviders(request.config(), settings.syncInterval());
    }

    /** nats-server's startup banner, line for line. */
    private static final String[] BANNER = {
        "    _ ___ _____ ___ _____ ___ ___   _   __  __",
        " _ | | __|_   _/ __|_   _| _ \\ __| /_\\ |  \\/  |",
        "| || | _|  | | \\__ \\ | | |   / _| / _ \\| |\\/| |",
        " \\__/|___| |_| |___/ |_| |_|_\\___/_/ \\_\\_|  |_|",
        "",
        "         https://docs.nats.io/jetstream",
        "",
    };

    /** nats-server's friendlyBytes: {@code 17.66 GB}. */
    static String friendlyBytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        int exp = (int) (Math.log(bytes) / Math.log(1024));
        return String.format(java.util.Locale.ROOT, "%.2f %sB", bytes / Math.pow(1024, exp), "KMGTPE".charAt(exp - 1));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    static Service start(ServiceRequest request) {
        JetStreamSettings settings = JetStreamSettings.read(request.config());
        if (!settings.enabled()) {
            return () -> { };
        }
        try {
            Files.createDirectories(settings.storeDir());
            StreamRestore.clearStaging(settings.storeDir());
        } catch (IOException e) {
            throw new PluginException("jetstream: cannot create store directory " + settings.storeDir() + ": " + e);
        }
        try {
            // As nats-server: a directory that exists but cannot be written stops startup now,
            // not at the first stream.
            Files.delete(Files.createTempFile(settings.storeDir(), "_test_", null));
        } catch (IOException e) {
            throw new PluginException("jetstream: store directory " + settings.storeDir() + " is not writable: " + e);
        }
        JetStreamService service = new JetStreamService(settings, request);
        LOG.log(System.Logger.Level.INFO, "Starting JetStream");
        for (String line : BANNER) {
            LOG.log(System.Logger.Level.INFO, line);
        }
        LOG.log(System.Logger.Level.INFO, "---------------- JETSTREAM ----------------");
        LOG.log(System.Logger.Level.INFO, "  Max Memory:      " + friendlyBytes(settings.maxMemory()));
        LOG.log(System.Logger.Level.INFO, "  Max Storage:     " + friendlyBytes(settings.maxStore()));
        LOG.log(System.Logger.Level.INFO, "  Store Directory: \"" + settings.storeDir() + "\"");
        if (!settings.domain().isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "  Domain:          " + settings.domain());
        }
        LOG.log(System.Logger.Level.INFO, "-------------------------------------------");
        service.enableAccounts(request.accounts(), request.operatorMode());
        return service;
    }

    private void enableAccounts(List<ServiceAccount> all, boolean operatorMode) {
        boolean globalOnly = !operatorMode && all.stream().allMatch(a -> a.isSystem() || a.name().equals("$G"));
        for (ServiceAccount a : all) {
            if (a.isSystem()) {
                continue;
            }
            AccountTiers limits = globalOnly && a.name().equals("$G") ? AccountTiers.UNLIMITED
                    : a.setting("jetstream").map(v -> AccountTiers.read(a.name(), v, operatorMode)).orElse(null);
            if (limits != null) {
                AccountJetStream js = new AccountJetStream(this, a, limits);
                accounts.put(a.name(), js);
                js.start();
            } else {
                infoOnly.put(a.name(), NotEnabledAccount.start(a));
            }
        }
    }

    /**
     * An account defined after start-up, or redefined (operator mode: its JWT's JetStream
     * limits): enabled with its limits when it has a {@code jetstream} setting, its limits
     * replaced when it had JetStream already, and its JetStream stopped when an update
     * removes the limits (its streams stay on disk, as in nats-server).
     */
    @Override
    public synchronized void accountDefined(ServiceAccount a) {
        if (a.isSystem()) {
            return;
        }
        // Only operator mode defines accounts after start-up; their JWTs may carry tiers.
        AccountTiers limits = a.setting("jetstream").map(v -> AccountTiers.read(a.name(), v, true)).orElse(null);
        AccountJetStream existing = accounts.get(a.name());
        if (existing != null && limits != null) {
            existing.limits(limits);
            return;
        }
        Map<String, AccountJetStream> copy = new LinkedHashMap<>(accounts);
        if (existing != null) {
            LOG.log(System.Logger.Level.INFO, "JetStream disabled for account " + a.name());
            copy.remove(a.name());
            accounts = copy;
            existing.close();
            infoOnly.put(a.name(), NotEnabledAccount.start(a));
            return;
        }
        if (limits == null) {
            infoOnly.computeIfAbsent(a.name(), n -> NotEnabledAccount.start(a));
            return;
        }
        InternalConnection info = infoOnly.remove(a.name());
        if (info != null) {
            info.close();
        }
        AccountJetStream js = new AccountJetStream(this, a, limits);
        copy.put(a.name(), js);
        js.start();
        accounts = copy;
    }

    JetStreamSettings settings() {
        return settings;
    }

    ServerIdentity server() {
        return server;
    }

    int maxPayload() {
        return maxPayload;
    }

    StoreProviders stores() {
        return stores;
    }

    ExecutorService pool() {
        return pool;
    }

    ExecutorService apiExecutor() {
        return api;
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    /**
     * nats-server's memReserved/storeReserved: the {@code max_bytes} every stream of every
     * account reserves of the storage, which a new stream's or an update's must fit beside.
     *
     * @param memory true for memory streams, false for file streams
     * @return the bytes reserved
     */
    long reservedBytes(boolean memory) {
        long reserved = 0;
        for (AccountJetStream a : accounts.values()) {
            for (Stream s : a.streams()) {
                StreamConfig c = s.config();
                if (c.maxBytes() > 0 && c.isMemory() == memory) {
                    reserved += c.maxBytes();
                }
            }
        }
        return reserved;
    }

    /** @return true when the server's memory or file limit is already used up */
    boolean limitsExceeded(boolean memory) {
        long used = 0;
        for (AccountJetStream a : accounts.values()) {
            used += memory ? a.memoryUsed() : a.storeUsed();
        }
        return used > (memory ? settings.maxMemory() : settings.maxStore());
    }

    @Override
    public Map<String, Object> infoFields() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("jetstream", true);
        if (!settings.domain().isEmpty()) {
            f.put("domain", settings.domain());
        }
        return f;
    }

    @Override
    public JetStreamPresence jetStream() {
        return new JetStreamPresence() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public String domain() {
                return settings.domain();
            }

            @Override
            public boolean enabledIn(String account) {
                return accounts.containsKey(account);
            }
        };
    }

    /** The account directories of the store whose accounts this server has not enabled yet. */
    @Override
    public List<String> storedAccounts() {
        Map<String, AccountJetStream> enabled = accounts;
        try (var dirs = Files.list(settings.storeDir())) {
            return dirs.filter(d -> Files.isDirectory(d.resolve("streams")))
                    .map(d -> d.getFileName().toString())
                    .filter(name -> !enabled.containsKey(name))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "JetStream: cannot list " + settings.storeDir() + ": " + e);
            return List.of();
        }
    }

    @Override
    public String monitorName() {
        return "jsz";
    }

    @Override
    public Map<String, Object> monitor(Function<String, String> query) {
        return Jsz.page(this, accounts.values(), query);
    }

    @Override
    public String varzName() {
        return "jetstream";
    }

    @Override
    public Map<String, Object> varz() {
        ObjectNode n = Json.object();
        n.set("config", Jsz.config(this));
        n.set("stats", Jsz.stats(accounts.values(), false));
        return Jsz.toMap(n);
    }

    @Override
    public Optional<String> unhealthy(Function<String, String> query) {
        return Optional.empty();
    }

    @Override
    public void close() {
        LOG.log(System.Logger.Level.INFO, "Initiating JetStream Shutdown...");
        for (AccountJetStream a : accounts.values()) {
            a.close();
        }
        infoOnly.values().forEach(InternalConnection::close);
        api.shutdown();
        timer.shutdownNow();
        pool.shutdown();
        try {
            api.awaitTermination(5, TimeUnit.SECONDS);
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.log(System.Logger.Level.INFO, "JetStream Shutdown");
    }
}
