package io.natsj.kernel.server;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import io.natsj.kernel.account.Account;
import io.natsj.kernel.client.InternalClient;
import io.natsj.kernel.subject.Subscription;
import io.natsj.spi.ServerIdentity;
import io.natsj.spi.service.InterestWatcher;
import io.natsj.spi.service.InternalConnection;
import io.natsj.spi.service.MessageHandler;
import io.natsj.spi.service.Service;
import io.natsj.spi.service.ServiceAccount;
import io.natsj.spi.service.ServiceProvider;
import io.natsj.spi.service.ServiceRequest;
import io.natsj.spi.service.ServiceSubscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The service plugins of a running server (JetStream): each provider whose section is in the
 * configuration is started before the client listener opens, so that its subscriptions are
 * in place when the first client arrives. A service reaches accounts only through internal
 * connections, which subscribe and publish through the kernel's index and routing.
 */
final class Services {

    private final Server server;
    private final List<Service> running = new CopyOnWriteArrayList<>();

    Services(Server server) {
        this.server = server;
    }

    void start(PluginRegistry plugins, Config config) {
        for (ServiceProvider provider : plugins.services()) {
            if (ConfigSections.hasKey(config, provider.configKey())) {
                Config section = section(config, provider);
                running.add(provider.start(request(section)));
            }
        }
    }

    /**
     * A scalar section ({@code jetstream: enabled}, or {@code true} from {@code -js}) becomes
     * {@code { enabled: <value> }}; top-level keys the provider claims fill in what the
     * section leaves unset.
     */
    static Config section(Config config, ServiceProvider provider) {
        Config section = ConfigFactory.empty();
        for (String k : config.root().keySet()) {
            if (k.equalsIgnoreCase(provider.configKey())) {
                ConfigValue v = config.root().get(k);
                section = v instanceof ConfigObject o ? o.toConfig()
                        : ConfigFactory.empty().withValue("enabled", v);
            }
        }
        for (String other : provider.otherKeys()) {
            for (String k : config.root().keySet()) {
                if (k.equalsIgnoreCase(other) && !section.hasPath(other)) {
                    section = section.withValue(other, config.root().get(k));
                }
            }
        }
        return section;
    }

    private ServiceRequest request(Config section) {
        Server self = server;
        List<ServiceAccount> accounts = new ArrayList<>();
        for (Account account : server.accounts().all()) {
            accounts.add(new KernelServiceAccount(account, server.system().account() == account));
        }
        List<ServiceAccount> all = List.copyOf(accounts);
        return new ServiceRequest() {
            @Override
            public Config config() {
                return section;
            }

            @Override
            public ServerIdentity server() {
                return self;
            }

            @Override
            public List<ServiceAccount> accounts() {
                return all;
            }

            @Override
            public int maxPayload() {
                return self.options().limits().maxPayload();
            }

            @Override
            public boolean operatorMode() {
                return self.operatorMode();
            }
        };
    }

    /** @return the services started */
    List<Service> running() {
        return List.copyOf(running);
    }

    /** @return the INFO fields every running service adds */
    Map<String, Object> infoFields() {
        Map<String, Object> fields = new java.util.LinkedHashMap<>();
        for (Service s : running) {
            fields.putAll(s.infoFields());
        }
        return fields;
    }

    /**
     * Tells every running service of an account defined or redefined after the services
     * started (operator mode).
     */
    void accountDefined(Account account, boolean isSystem) {
        ServiceAccount a = new KernelServiceAccount(account, isSystem);
        for (Service s : running) {
            s.accountDefined(a);
        }
    }

    /** @return the accounts the running services keep state for, without duplicates */
    java.util.Set<String> storedAccounts() {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        for (Service s : running) {
            names.addAll(s.storedAccounts());
        }
        return names;
    }

    /** Stops every service once no client can publish any more. */
    void close() {
        for (Service s : running) {
            s.close();
        }
        running.clear();
    }

    /**
     * @param account an account
     * @param isSystem whether it is the system account
     * @return the account as services and authenticators see it
     */
    static ServiceAccount serviceAccount(Account account, boolean isSystem) {
        return new KernelServiceAccount(account, isSystem);
    }

    private record KernelServiceAccount(Account account, boolean isSystem) implements ServiceAccount {

        @Override
        public String name() {
            return account.name();
        }

        @Override
        public Optional<ConfigValue> setting(String key) {
            ConfigObject block = account.settings();
            if (block == null) {
                return Optional.empty();
            }
            for (Map.Entry<String, ConfigValue> e : block.entrySet()) {
                if (e.getKey().equalsIgnoreCase(key)) {
                    return Optional.of(e.getValue());
                }
            }
            return Optional.empty();
        }

        @Override
        public InternalConnection connect(String name) {
            return internalConnection(account, name);
        }
    }

    /**
     * @param account the account the connection is bound to
     * @param name the connection's name, for logs
     * @return an internal connection, as services and authenticators get them
     */
    static InternalConnection internalConnection(Account account, String name) {
        InternalClient client = new InternalClient(account, name);
        return new InternalConnection() {
            @Override
            public ServiceSubscription subscribe(String subject, String queue, MessageHandler handler) {
                Subscription sub = client.subscribe(subject, queue, handler::onMessage);
                return new ServiceSubscription() {
                    @Override
                    public String subject() {
                        return subject;
                    }

                    @Override
                    public void unsubscribe() {
                        client.unsubscribe(sub);
                    }
                };
            }

            @Override
            public void publish(String subject, String reply, byte[] headers, byte[] payload) {
                client.publish(subject, reply, headers, payload);
            }

            @Override
            public boolean deliver(String to, String subject, String reply, byte[] headers, byte[] payload) {
                return client.deliverAs(to, subject, reply, headers, payload);
            }

            @Override
            public boolean deliver(String to, String subject, byte[] reply, int replyLength, byte[] headers,
                                   byte[] payload) {
                return client.deliverAs(to, subject, reply, replyLength, headers, payload);
            }

            @Override
            public void flushDeliveries() {
                client.flushDeliveries();
            }

            @Override
            public boolean hasLocalInterest(String subject) {
                return client.hasLocalInterest(subject);
            }

            @Override
            public ServiceSubscription watchInterest(String subject, InterestWatcher watcher) {
                Runnable end = client.watchInterest(subject, watcher::interest);
                return new ServiceSubscription() {
                    @Override
                    public String subject() {
                        return subject;
                    }

                    @Override
                    public void unsubscribe() {
                        end.run();
                    }
                };
            }

            @Override
            public void close() {
                client.close();
            }
        };
    }
}
