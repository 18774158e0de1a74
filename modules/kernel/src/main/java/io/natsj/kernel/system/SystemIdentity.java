package io.natsj.kernel.system;

import io.natsj.kernel.server.Server;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code server} object every system event and response carries, with the sequence
 * number that orders them.
 */
final class SystemIdentity {

    private final String name;
    private final String host;
    private final String id;
    private final String version;
    private final AtomicLong seq = new AtomicLong();

    SystemIdentity(Server server) {
        this.name = server.serverName();
        this.host = server.options().host();
        this.id = server.serverId();
        this.version = server.compatibleVersion();
    }

    /** @return the server object for the next event, numbered */
    EventJson.ServerInfo next() {
        return new EventJson.ServerInfo(name, host, id, version, seq.incrementAndGet(), false,
                SystemEvents.utc(Instant.now()));
    }

    String id() {
        return id;
    }
}
