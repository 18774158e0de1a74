package io.natsj.tests.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.nats.client.support.JwtUtils;
import io.natsj.nkeys.NKey;
import io.natsj.nkeys.NKeyType;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.ServerUnderTest;
import io.natsj.tests.support.Target;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/**
 * The account resolvers other than {@code MEMORY}, against both servers with the same files:
 * nats-server's directory resolver ({@code full} and {@code cache}, one
 * {@code <account>.jwt} per account) and the URL resolver (an account server, here an HTTP
 * server in the test).
 */
class ResolversTest {

    private static final Duration WAIT = Duration.ofSeconds(4);

    @TempDir
    Path dir;

    @AllTargets
    void fullDirectoryServesAccountFilesAndStoresPreloads(Target target) throws Exception {
        Operator op = new Operator(dir);
        Path jwts = dir.resolve("jwt");
        Files.createDirectories(jwts);
        Files.writeString(jwts.resolve(op.system.publicKey() + ".jwt"), op.accountJwts().get(op.system.publicKey()));
        String app = op.account.publicKey();
        String config = op.operatorConfig()
                + "resolver: { type: full, dir: \"" + jwts + "\", allow_delete: false, interval: \"2m\" }\n"
                + Operator.preload(Map.of(app, op.accountJwts().get(app)));
        try (ServerUnderTest server = target.start(config)) {
            roundTrip(server, op, op.account);
            roundTrip(server, op, op.system);
            assertEquals(op.accountJwts().get(app), Files.readString(jwts.resolve(app + ".jwt")).strip(),
                    "the preloaded account is stored in the directory");
            // A user of an account the directory does not hold is refused.
            NKey stranger = NKey.create(NKeyType.ACCOUNT);
            NKey user = NKey.create(NKeyType.USER);
            Path creds = op.creds(user, strangerJwt(op, user, stranger));
            Options refused = new Options.Builder(options(server, creds)).connectionTimeout(Duration.ofSeconds(2)).build();
            assertThrows(Exception.class, () -> Nats.connect(refused).close());
            roundTrip(server, op, op.account);
        }
    }

    @AllTargets
    void cacheDirectoryServesAccountFiles(Target target) throws Exception {
        Operator op = new Operator(dir);
        Path jwts = dir.resolve("cache");
        Files.createDirectories(jwts);
        op.accountJwts().forEach((k, v) -> write(jwts.resolve(k + ".jwt"), v));
        String config = op.operatorConfig() + "resolver: { type: cache, dir: \"" + jwts + "\", limit: 10 }\n";
        try (ServerUnderTest server = target.start(config)) {
            roundTrip(server, op, op.account);
            roundTrip(server, op, op.account);
        }
    }

    @AllTargets
    void urlResolverFetchesAccountsFromAnAccountServer(Target target) throws Exception {
        Operator op = new Operator(dir);
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/jwt/v1/accounts/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring("/jwt/v1/accounts/".length());
            String jwt = name.isEmpty() ? "" : op.accountJwts().get(name);
            byte[] body = jwt == null ? new byte[0] : jwt.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(jwt == null ? 404 : 200, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        http.start();
        try {
            String url = "http://127.0.0.1:" + http.getAddress().getPort() + "/jwt/v1/accounts/";
            try (ServerUnderTest server = target.start(op.operatorConfig() + "resolver: URL(\"" + url + "\")\n")) {
                roundTrip(server, op, op.account);
                roundTrip(server, op, op.system);
            }
        } finally {
            http.stop(0);
        }
    }

    @AllTargets
    void anUnreachableAccountServerStopsStartup(Target target) throws Exception {
        Operator op = new Operator(dir);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String config = op.operatorConfig() + "resolver: URL(\"http://127.0.0.1:" + port + "/jwt/v1/accounts/\")\n";
        RuntimeException e = assertThrows(RuntimeException.class, () -> target.start(config).close());
        assertTrue(e.getMessage().contains("could not fetch <\"http://127.0.0.1:" + port + "/jwt/v1/accounts/\">"),
                e.getMessage());
    }

    private static void roundTrip(ServerUnderTest server, Operator op, NKey account) throws Exception {
        NKey user = NKey.create(NKeyType.USER);
        Path creds = op.creds(user, op.userJwt(user, new JwtUtils.UserClaim(null), account));
        try (Connection nc = Nats.connect(options(server, creds))) {
            Subscription sub = nc.subscribe("resolved");
            nc.publish("resolved", "hi".getBytes(StandardCharsets.UTF_8));
            Message m = sub.nextMessage(WAIT);
            assertNotNull(m, "message in account " + account.publicKey());
        }
    }

    private static String strangerJwt(Operator op, NKey user, NKey stranger) {
        return op.userJwt(user, new JwtUtils.UserClaim(null), stranger);
    }

    private static Options options(ServerUnderTest server, Path creds) {
        return new Options.Builder().server(server.clientUrl()).connectionTimeout(WAIT).noReconnect()
                .authHandler(Nats.credentials(creds.toString())).build();
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
