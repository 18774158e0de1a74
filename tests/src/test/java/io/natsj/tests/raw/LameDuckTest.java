package io.natsj.tests.raw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.RawClient;
import io.natsj.tests.support.ServerUnderTest;
import io.natsj.tests.support.Target;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * Lame duck mode: a protocol-1 client is told with an async INFO carrying {@code "ldm":true},
 * is closed once the grace period is over, and new connections are refused.
 */
class LameDuckTest {

    private static final String CONFIG = "lame_duck_duration: \"30s\"\nlame_duck_grace_period: \"300ms\"";

    @AllTargets
    void clientsAreToldThenClosedAndNoNewOnesAccepted(Target target) throws Exception {
        try (ServerUnderTest server = target.start(CONFIG);
                RawClient proto1 = RawClient.connect(server, "{\"verbose\":false,\"protocol\":1}")) {
            server.enterLameDuckMode();

            String line = proto1.readLine();
            assertTrue(line.startsWith("INFO "), line);
            JsonNode info = new ObjectMapper().readTree(line.substring(5));
            assertTrue(info.path("ldm").asBoolean(), line);

            // After the grace period the (only) client is closed without an error.
            String rest = proto1.readUntilClosed(Duration.ofSeconds(10));
            assertEquals("", rest.replace("PING\r\n", ""));

            assertThrows(IOException.class, () -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", server.port()), 1000);
                    if (s.getInputStream().read() < 0) {
                        throw new IOException("closed at once");
                    }
                }
            });
        }
    }
}
