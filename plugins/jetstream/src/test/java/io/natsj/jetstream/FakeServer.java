package io.natsj.jetstream;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import io.natsj.spi.ServerIdentity;
import io.natsj.spi.service.InterestWatcher;
import io.natsj.spi.service.InternalConnection;
import io.natsj.spi.service.MessageHandler;
import io.natsj.spi.service.PublisherInfo;
import io.natsj.spi.service.Service;
import io.natsj.spi.service.ServiceAccount;
import io.natsj.spi.service.ServiceMessage;
import io.natsj.spi.service.ServiceRequest;
import io.natsj.spi.service.ServiceSubscription;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A kernel stand-in for engine tests: accounts whose internal connections deliver to each
 * other's subscriptions by subject, and a client that publishes and collects replies.
 */
final class FakeServer {

    record Sub(String subject, MessageHandler handler) {
    }

    /** An interest watch: told its subject's interest when a change of subscriptions alters it. */
    static final class Watch {
        final String subject;
        final InterestWatcher watcher;
        boolean interested;

        Watch(String subject, InterestWatcher watcher) {
            this.subject = subject;
            this.watcher = watcher;
        }
    }

    final class Account implements ServiceAccount {
        final String name;
        final Config settings;
        final List<Sub> subs = new CopyOnWriteArrayList<>();
        final List<Watch> watches = new CopyOnWriteArrayList<>();

        /** Subscriptions changed: watches whose interest changed hear it (in order, as the kernel's do). */
        synchronized void recheck() {
            for (Watch w : watches) {
                boolean now = subs.stream().anyMatch(s -> SubjectFilter.matches(w.subject, s.subject()));
                if (now != w.interested) {
                    w.interested = now;
                    w.watcher.interest(now);
                }
            }
        }

        Account(String name, Config settings) {
            this.name = name;
            this.settings = settings;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean isSystem() {
            return name.equals("$SYS");
        }

        @Override
        public Optional<ConfigValue> setting(String key) {
            return settings.hasPath(key) ? Optional.of(settings.getValue(key)) : Optional.empty();
        }

        void deliver(String subject, String reply, byte[] headers, byte[] payload) {
            for (Sub s : subs) {
                if (SubjectFilter.matches(subject, s.subject())) {
                    s.handler().onMessage(new ServiceMessage(subject, reply, headers, payload,
                            new PublisherInfo(name, 1, "127.0.0.1", "test", "", "java", "1")));
                }
            }
        }

        @Override
        public InternalConnection connect(String connectionName) {
            List<Sub> mine = new CopyOnWriteArrayList<>();
            return new InternalConnection() {
                @Override
                public ServiceSubscription subscribe(String subject, String queue, MessageHandler handler) {
                    Sub sub = new Sub(subject, handler);
                    subs.add(sub);
                    mine.add(sub);
                    recheck();
                    return new ServiceSubscription() {
                        @Override
                        public String subject() {
                            return subject;
                        }

                        @Override
                        public void unsubscribe() {
                            subs.remove(sub);
                            recheck();
                        }
                    };
                }

                @Override
                public void publish(String subject, String reply, byte[] headers, byte[] payload) {
                    Account.this.deliver(subject, reply, headers, payload);
                }

                @Override
                public boolean deliver(String to, String subject, String reply, byte[] headers, byte[] payload) {
                    boolean any = false;
                    for (Sub s : subs) {
                        if (SubjectFilter.matches(to, s.subject())) {
                            s.handler().onMessage(new ServiceMessage(subject, reply, headers, payload,
                                    new PublisherInfo(name, 1, "127.0.0.1", "test", "", "java", "1")));
                            any = true;
                        }
                    }
                    return any;
                }

                @Override
                public boolean deliver(String to, String subject, byte[] reply, int replyLength, byte[] headers,
                                       byte[] payload) {
                    return deliver(to, subject, new String(reply, 0, replyLength, java.nio.charset.StandardCharsets.UTF_8),
                            headers, payload);
                }

                @Override
                public void flushDeliveries() {
                }

                @Override
                public boolean hasLocalInterest(String subject) {
                    return subs.stream().anyMatch(s -> SubjectFilter.matches(subject, s.subject()));
                }

                @Override
                public ServiceSubscription watchInterest(String subject, InterestWatcher watcher) {
                    Watch w = new Watch(subject, watcher);
                    synchronized (Account.this) {
                        w.interested = hasLocalInterest(subject);
                        watcher.interest(w.interested);
                        watches.add(w);
                    }
                    return new ServiceSubscription() {
                        @Override
                        public String subject() {
                            return subject;
                        }

                        @Override
                        public void unsubscribe() {
                            watches.remove(w);
                        }
                    };
                }

                @Override
                public void close() {
                    subs.removeAll(mine);
                    recheck();
                }
            };
        }

        /** Subscribes a test inbox and returns the queue its messages land in. */
        BlockingQueue<ServiceMessage> inbox(String subject) {
            BlockingQueue<ServiceMessage> q = new LinkedBlockingQueue<>();
            subs.add(new Sub(subject, q::add));
            recheck();
            return q;
        }
    }

    final Account global = new Account("$G", ConfigFactory.empty());
    final Account system = new Account("$SYS", ConfigFactory.empty());

    Service start(String jetstreamSection) {
        Config section = ConfigFactory.parseString(jetstreamSection);
        return new JetStreamProvider().start(new ServiceRequest() {
            @Override
            public Config config() {
                return section;
            }

            @Override
            public ServerIdentity server() {
                return new ServerIdentity() {
                    @Override
                    public String serverId() {
                        return "NTEST";
                    }

                    @Override
                    public String serverName() {
                        return "NTEST";
                    }

                    @Override
                    public String compatibleVersion() {
                        return "2.9.10";
                    }

                    @Override
                    public String natsjVersion() {
                        return "test";
                    }
                };
            }

            @Override
            public List<ServiceAccount> accounts() {
                return List.of(global, system);
            }

            @Override
            public int maxPayload() {
                return 1024 * 1024;
            }
        });
    }

    static ServiceMessage poll(BlockingQueue<ServiceMessage> q) throws InterruptedException {
        return q.poll(5, TimeUnit.SECONDS);
    }

    static Map<?, ?> json(ServiceMessage m) throws Exception {
        return Json.MAPPER.readValue(m.payload(), Map.class);
    }
}
