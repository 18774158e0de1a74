package io.natsj.tests.operator;

import static io.natsj.tests.operator.JwtAccounts.activation;
import static io.natsj.tests.operator.JwtAccounts.ask;
import static io.natsj.tests.operator.JwtAccounts.export;
import static io.natsj.tests.operator.JwtAccounts.importOf;
import static io.natsj.tests.operator.JwtAccounts.newAccount;
import static io.natsj.tests.operator.JwtAccounts.serve;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import io.nats.client.Connection;
import io.natsj.nkeys.NKey;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.ServerUnderTest;
import io.natsj.tests.support.Target;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Activation tokens given as URLs in account JWT imports ({@code "token": "http://..."}), as
 * nats-server 2.9.10 (JWT library v2.3.0) reads them: not at all. Its Import.Validate decodes
 * the token as a JWT, so a URL is "an invalid activation token", a blocking validation error:
 * the importing account's JWT is refused, and nothing is fetched. A small HTTP server in the
 * test serves the tokens and counts requests.
 */
class ActivationUrlTest {

    private static final Duration WAIT = Duration.ofSeconds(3);
    private static final Duration REFUSED = Duration.ofMillis(500);

    @TempDir
    Path dir;

    private HttpServer http;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final AtomicInteger gets = new AtomicInteger();

    @BeforeEach
    void startHttp() throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", exchange -> {
            gets.incrementAndGet();
            String token = tokens.get(exchange.getRequestURI().getPath());
            byte[] body = (token == null ? "not found" : token).getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(token == null ? 404 : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        http.start();
    }

    @AfterEach
    void stopHttp() {
        http.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + http.getAddress().getPort() + path;
    }

    @AllTargets
    void importWithATokenUrlRefusesTheImportersJwt(Target target) throws Exception {
        JwtAccounts accs = new JwtAccounts(dir);
        NKey exporter = newAccount();
        NKey svcImporter = newAccount();
        NKey streamImporter = newAccount();
        NKey plain = newAccount();
        tokens.put("/svc", activation(exporter, svcImporter, "service", "priv.>", 0));
        tokens.put("/stream", activation(exporter, streamImporter, "stream", "priv.events", 0));
        accs.account(exporter, n -> {
            export(n, "service", "priv.>").put("token_req", true);
            export(n, "stream", "priv.events").put("token_req", true);
        });
        accs.account(svcImporter, n -> importOf(n, "service", exporter, "priv.svc").put("token", url("/svc")));
        accs.account(streamImporter, n -> importOf(n, "stream", exporter, "priv.events")
                .put("token", url("/stream")));
        accs.account(plain, n -> importOf(n, "service", exporter, "priv.svc")
                .put("token", activation(exporter, plain, "service", "priv.>", 0)));
        try (ServerUnderTest server = target.start(accs.config());
                Connection svc = accs.connect(server, exporter);
                Connection client = accs.connect(server, plain)) {
            serve(svc, "priv.>", "secret");
            assertEquals("secret", ask(client, "priv.svc", WAIT), "the same token given inline");
            for (NKey refused : new NKey[] {svcImporter, streamImporter}) {
                assertThrows(Exception.class, () -> accs.connect(server, refused, REFUSED).close(),
                        "the token is decoded as a JWT, so a URL is an invalid activation token");
            }
        }
        assertEquals(0, gets.get(), "nothing is fetched");
    }
}
