package io.natsj.tests.jetstream;

import io.natsj.tests.support.ServerProcesses;
import io.natsj.tests.support.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One JetStream server per target for the tests of a class, each on its own store directory
 * under the class's directory. Tests use distinct stream names and subjects, so sharing is safe.
 *
 * <p>A test class registers it as an extension, which makes that directory before the class and
 * stops the servers and removes it after:
 * {@code @RegisterExtension static final JetStreamServers servers = new JetStreamServers();}.
 * Given a directory the class owns instead (a JUnit {@code @TempDir}), it is closed by the class.
 */
final class JetStreamServers implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

    private final Map<Target, JetStreamServer> servers = new EnumMap<>(Target.class);
    private Path root;
    private boolean ownsRoot;

    /** For {@code @RegisterExtension}: the directory is made before the class and removed after it. */
    JetStreamServers() {
    }

    /** @param root a directory the class owns (a JUnit {@code @TempDir}) */
    JetStreamServers(Path root) {
        this.root = root;
    }

    @Override
    public synchronized void beforeAll(ExtensionContext context) throws IOException {
        if (root == null) {
            root = Files.createTempDirectory("natsj-jetstream-");
            ownsRoot = true;
        }
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) throws IOException {
        close();
        if (ownsRoot) {
            ServerProcesses.deleteTree(root);
            root = null;
            ownsRoot = false;
        }
    }

    /** @return the running server for the target, started on first use */
    synchronized JetStreamServer get(Target target) {
        if (root == null) {
            throw new IllegalStateException("JetStreamServers used outside its test class (not registered?)");
        }
        return servers.computeIfAbsent(target, t -> JetStreamServer.start(t, root.resolve(t.id())));
    }

    @Override
    public synchronized void close() {
        servers.values().forEach(JetStreamServer::close);
        servers.clear();
    }
}
