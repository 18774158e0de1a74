package io.natsj.topology.routes;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.natsj.spi.ServerIdentity;
import io.natsj.spi.tls.TlsContext;
import io.natsj.spi.topology.AccountRef;
import io.natsj.spi.topology.InterestListener;
import io.natsj.spi.topology.LocalServer;
import io.natsj.spi.topology.MessageView;
import io.natsj.spi.topology.PeerLink;
import io.natsj.spi.topology.PeerKind;
import io.natsj.spi.topology.PeerSession;
import io.natsj.spi.topology.QueueNames;
import io.natsj.spi.topology.TopologyRequest;
import io.natsj.spi.transport.ConnectionInitializer;
import io.natsj.spi.transport.ListenerRole;
import io.natsj.spi.transport.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The kernel as far as the plugin sees it, for tests: two accounts, sessions that write their
 * calls down, a fixed local interest, and a route listener on a plain Netty server socket.
 */
final class FakeLocalServer implements LocalServer {

    final String id;
    final String name;
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<List<String>> peerUrls = new CopyOnWriteArrayList<>();
    final List<String> localInterest = new CopyOnWriteArrayList<>(List.of("$G foo"));
    final List<PeerLink> links = new CopyOnWriteArrayList<>();
    final List<InterestListener> listeners = new CopyOnWriteArrayList<>();
    final int clientPort;

    FakeLocalServer(String id, String name, int clientPort) {
        this.id = id;
        this.name = name;
        this.clientPort = clientPort;
    }

    record Account(String name) implements AccountRef {
        @Override
        public byte[] nameBytes() {
            return name.getBytes(StandardCharsets.UTF_8);
        }
    }

    @Override
    public AccountRef account(String account) {
        return account.equals("$G") || account.equals("ACC") ? new Account(account) : null;
    }

    @Override
    public List<String> accountNames() {
        return List.of("$G", "ACC");
    }

    @Override
    public PeerSession openSession(PeerLink link, PeerKind kind) {
        links.add(link);
        calls.add("open");
        return new PeerSession() {
            @Override
            public void watchInterest(InterestListener listener) {
                listeners.add(listener);
                for (String i : localInterest) {
                    String[] p = i.split(" ");
                    listener.interest(p[0], p[1], p.length > 2 ? p[2] : null, p.length > 2 ? Integer.parseInt(p[3]) : 1);
                }
            }

            @Override
            public void interest(AccountRef account, String subject, String queue, int weight) {
                calls.add("interest " + account.name() + " " + subject + (queue == null ? "" : " " + queue + " " + weight));
            }

            @Override
            public void noInterest(AccountRef account, String subject, String queue) {
                calls.add("noInterest " + account.name() + " " + subject + (queue == null ? "" : " " + queue));
            }

            @Override
            public boolean deliver(AccountRef account, MessageView m, QueueNames queues) {
                StringBuilder sb = new StringBuilder("deliver ").append(account.name()).append(' ')
                        .append(m.buffer().toString(m.subjectOffset(), m.subjectLength(), StandardCharsets.UTF_8));
                for (int i = 0; i < queues.size(); i++) {
                    sb.append(" q=").append(new String(queues.get(i), StandardCharsets.UTF_8));
                }
                sb.append(' ').append(m.buffer().toString(m.bodyOffset(), m.bodyLength(), StandardCharsets.UTF_8));
                calls.add(sb.toString());
                return true;
            }

            @Override
            public void endOfReadBatch() {
            }

            @Override
            public long pendingBytes() {
                return 0;
            }

            @Override
            public void close() {
                calls.add("close");
            }
        };
    }

    @Override
    public List<String> clientConnectUrls() {
        return List.of("127.0.0.1:" + clientPort);
    }

    @Override
    public void peerClientUrls(List<String> urls) {
        peerUrls.add(urls);
    }

    @Override
    public int maxPayload() {
        return 1048576;
    }

    @Override
    public boolean headers() {
        return true;
    }

    @Override
    public long maxPending() {
        return 64L << 20;
    }

    @Override
    public boolean isLameDuck() {
        return false;
    }

    /** The cluster name the plugin told the kernel, last. */
    volatile String clusterName;
    private final java.util.concurrent.atomic.AtomicLong ids = new java.util.concurrent.atomic.AtomicLong();

    @Override
    public void clusterName(String name) {
        clusterName = name;
    }

    @Override
    public java.time.Duration pingInterval() {
        return java.time.Duration.ofMinutes(2);
    }

    @Override
    public int pingMax() {
        return 2;
    }

    @Override
    public int maxControlLine() {
        return 4096;
    }

    @Override
    public long nextConnectionId() {
        return ids.incrementAndGet();
    }

    /** @return the last client URLs told to the kernel */
    List<String> lastPeerUrls() {
        return peerUrls.isEmpty() ? List.of() : peerUrls.getLast();
    }

    /**
     * @param cluster the {@code cluster} section in HOCON
     * @param group the event loops
     * @return a request as the kernel would make it
     */
    TopologyRequest request(String cluster, EventLoopGroup group) {
        Config section = ConfigFactory.parseString(cluster);
        FakeLocalServer self = this;
        ServerIdentity identity = new ServerIdentity() {
            @Override
            public String serverId() {
                return id;
            }

            @Override
            public String serverName() {
                return name;
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
        return new TopologyRequest() {
            @Override
            public Config config() {
                return section;
            }

            @Override
            public ServerIdentity server() {
                return identity;
            }

            @Override
            public EventLoopGroup ioGroup() {
                return group;
            }

            @Override
            public Transport listen(ListenerRole role, String host, int port, ConnectionInitializer initializer) {
                Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                        .childHandler(new ChannelInitializer<>() {
                            @Override
                            protected void initChannel(Channel ch) {
                                initializer.initialize(new ConnectionInitializer.ConnectionRequest(ch, "tcp", false));
                            }
                        }).bind(host, port).syncUninterruptibly().channel();
                return new Transport() {
                    @Override
                    public InetSocketAddress boundAddress() {
                        return (InetSocketAddress) server.localAddress();
                    }

                    @Override
                    public void close() {
                        server.close().syncUninterruptibly();
                    }
                };
            }

            @Override
            public Optional<TlsContext> tls(String tlsPath) {
                return Optional.empty();
            }

            @Override
            public io.natsj.spi.topology.LocalServer local() {
                return self;
            }
        };
    }

    private final io.natsj.spi.topology.ClusterGateways clusterGateways = new io.natsj.spi.topology.ClusterGateways();

    @Override
    public io.natsj.spi.topology.ClusterGateways clusterGateways() {
        return clusterGateways;
    }
}
