package io.natsj.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.natsj.spi.PluginException;
import io.natsj.spi.transport.ConnectionInitializer;
import io.natsj.spi.transport.ConnectionInitializer.ConnectionRequest;
import io.natsj.spi.transport.ListenerRole;
import io.natsj.spi.transport.Transport;
import io.natsj.spi.transport.TransportProvider;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The TCP transport on real sockets and real Netty event loops. */
class TcpTransportProviderTest {

    private static final String LOOPBACK = "127.0.0.1";

    private static EventLoopGroup acceptGroup;
    private static EventLoopGroup ioGroup;

    private final TcpTransportProvider provider = new TcpTransportProvider();
    private final BlockingQueue<ConnectionRequest> accepted = new LinkedBlockingQueue<>();

    @BeforeAll
    static void startEventLoops() {
        acceptGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        ioGroup = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    }

    @AfterAll
    static void stopEventLoops() {
        acceptGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        ioGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void isFoundByServiceLoaderAsTcp() {
        TransportProvider found = ServiceLoader.load(TransportProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("tcp"))
                .findFirst()
                .orElseThrow();
        assertInstanceOf(TcpTransportProvider.class, found);
        assertEquals("tcp", found.configKey());
    }

    @Test
    void handsAnAcceptedConnectionToTheInitializer() throws Exception {
        try (Transport transport = provider.open(request(0, ConfigFactory.empty(), accepted::add));
                Socket client = new Socket(LOOPBACK, transport.boundAddress().getPort())) {
            assertTrue(transport.boundAddress().getPort() > 0, "an ephemeral port was bound");

            ConnectionRequest connection = accepted.poll(10, TimeUnit.SECONDS);
            assertNotNull(connection, "the initializer was not called");
            assertEquals("tcp", connection.transportName());
            assertFalse(connection.wrapped());
            SocketChannel channel = assertInstanceOf(SocketChannel.class, connection.channel());
            InetSocketAddress remote = channel.remoteAddress();
            assertEquals(client.getLocalPort(), remote.getPort(), "the channel is this client's");
            assertTrue(channel.config().getOption(ChannelOption.TCP_NODELAY));
            assertTrue(channel.eventLoop().parent() == ioGroup, "connections run on the io group");
            channel.close().syncUninterruptibly();
        }
    }

    @Test
    void rejectsAnyOptionByName() {
        Config config = ConfigFactory.parseString("no_delay: false");
        PluginException e = assertThrows(PluginException.class,
                () -> provider.open(request(0, config, accepted::add)));
        assertTrue(e.getMessage().contains("tcp.no_delay"), e.getMessage());
    }

    @Test
    void closeReleasesThePort() throws Exception {
        Transport first = provider.open(request(0, ConfigFactory.empty(), accepted::add));
        int port = first.boundAddress().getPort();
        assertTrue(listeningSocketsOfThisProcess().contains(port), "the check sees the open listener");
        first.close();
        first.close();

        // No socket of this process listens there any more. Connecting to the port proves
        // nothing on a shared machine, where another process may bind a released ephemeral port
        // at any moment (CI saw that), so look at this process's own sockets. The JDK closes
        // the descriptor of a channel still registered with a selector only when that selector
        // next selects (deferred close), which the event loop does right after the close task:
        // on a loaded machine that can come after close() returned, so allow it a moment.
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        while (listeningSocketsOfThisProcess().contains(port) && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertFalse(listeningSocketsOfThisProcess().contains(port), "a listener still open on " + port);
    }

    /** The local ports of this process's TCP sockets in LISTEN state, from Linux's /proc. */
    private static java.util.Set<Integer> listeningSocketsOfThisProcess() throws IOException {
        java.util.Set<String> inodes = new java.util.HashSet<>();
        try (var fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // the directory stream's own descriptor, or one closed while listing
                }
            }
        }
        java.util.Set<Integer> ports = new java.util.HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.exists(path)) {
                continue;
            }
            List<String> lines = Files.readAllLines(path);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                // local_address is HEXIP:HEXPORT, st 0A is LISTEN, the inode is the tenth field
                if (f.length > 9 && f[3].equals("0A") && inodes.contains(f[9])) {
                    ports.add(Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16));
                }
            }
        }
        return ports;
    }

    @Test
    void bindFailureNamesTheAddress() throws IOException {
        try (ServerSocket occupier = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            int port = occupier.getLocalPort();
            PluginException e = assertThrows(PluginException.class,
                    () -> provider.open(request(port, ConfigFactory.empty(), accepted::add)));
            assertTrue(e.getMessage().startsWith("can't listen on 127.0.0.1:" + port + ": "),
                    e.getMessage());
        }
    }

    private static TestTransportRequest request(int port, Config config, ConnectionInitializer initializer) {
        return new TestTransportRequest(config, ListenerRole.CLIENT, LOOPBACK, port, acceptGroup, ioGroup,
                initializer, TestTransportRequest.TEST_SERVER);
    }
}
