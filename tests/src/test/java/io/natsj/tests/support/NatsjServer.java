package io.natsj.tests.support;

import com.typesafe.config.ConfigFactory;
import io.natsj.kernel.NatsServer;

/** natsj running in the test JVM. */
final class NatsjServer implements ServerUnderTest {

    private final NatsServer server;

    private NatsjServer(NatsServer server) {
        this.server = server;
    }

    static ServerUnderTest start(String config, int port) {
        // The port is appended last so it wins over nothing: callers never set it themselves.
        String full = config + "\nhost: \"127.0.0.1\"\nport: " + port + "\n";
        return new NatsjServer(NatsServer.start(ConfigFactory.parseString(full)));
    }

    @Override
    public Target target() {
        return Target.NATSJ;
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    public void enterLameDuckMode() {
        server.enterLameDuckMode();
    }

    @Override
    public void close() {
        server.close();
    }
}
