package io.natsj.tests.jetstream;

import io.natsj.tests.support.Target;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * One JetStream server per target for the tests of a class, each on its own store directory
 * under the class's temp dir. Tests use distinct stream names and subjects, so sharing is safe.
 */
final class JetStreamServers implements AutoCloseable {

    private final Path root;
    private final Map<Target, JetStreamServer> servers = new EnumMap<>(Target.class);

    /** @param root a directory the class owns (a JUnit {@code @TempDir}) */
    JetStreamServers(Path root) {
        this.root = root;
    }

    /** @return the running server for the target, started on first use */
    synchronized JetStreamServer get(Target target) {
        return servers.computeIfAbsent(target, t -> JetStreamServer.start(t, root.resolve(t.id())));
    }

    @Override
    public synchronized void close() {
        servers.values().forEach(JetStreamServer::close);
        servers.clear();
    }
}
