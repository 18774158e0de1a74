package io.natsj.tests.client;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.natsj.tests.support.ServerUnderTest;
import java.time.Duration;

/** jnats connections with short timeouts so failures surface quickly. */
final class Clients {

    static final Duration WAIT = Duration.ofSeconds(3);

    private Clients() {
    }

    static Options.Builder options(ServerUnderTest server) {
        return new Options.Builder()
                .server(server.clientUrl())
                .connectionTimeout(WAIT)
                .noReconnect();
    }

    static Connection connect(ServerUnderTest server) throws Exception {
        return Nats.connect(options(server).build());
    }

    static Connection connect(Options.Builder options) throws Exception {
        return Nats.connect(options.build());
    }
}
