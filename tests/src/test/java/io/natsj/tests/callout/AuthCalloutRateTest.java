package io.natsj.tests.callout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.natsj.nkeys.NKey;
import io.natsj.nkeys.NKeyType;
import io.natsj.tests.support.RawClient;
import io.natsj.tests.support.ServerUnderTest;
import io.natsj.tests.support.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A rough rate of connections per second through the auth callout (a jnats service in this
 * JVM answering each request), beside the same connections authenticated by a users list.
 * natsj only (2.9.10 has no callout). A measurement, not a check: it runs only with
 * {@code -Dnatsj.measure=true} and prints its figures.
 */
@EnabledIfSystemProperty(named = "natsj.measure", matches = "true")
class AuthCalloutRateTest {

    private static final int THREADS = 4;
    private static final int PER_THREAD = 500;

    @Test
    void connectionsPerSecond() throws Exception {
        NKey issuer = NKey.create(NKeyType.ACCOUNT);
        String config = """
                accounts {
                  AUTH { users: [ { user: auth, password: pwd } ] }
                  APP { }
                }
                authorization {
                  auth_callout { issuer: %s, account: AUTH, auth_users: [ auth ] }
                }
                """.formatted(issuer.publicKey());
        try (ServerUnderTest server = Target.NATSJ.start(config);
                CalloutService service = new CalloutService(server, "auth", "pwd", r -> {
                    ObjectNode nats = CalloutService.JSON.createObjectNode();
                    return CalloutService.response(issuer, r, CalloutService.userJwt(issuer, r, "APP", nats), null);
                })) {
            rate(server, "auth", "pwd", "warm-up (users list)");
            rate(server, "alice", "x", "warm-up (callout)");
            rate(server, "auth", "pwd", "users list");
            double callout = rate(server, "alice", "x", "callout");
            assertEquals(2 * THREADS * PER_THREAD, service.requests.size());
            System.out.printf("auth callout: %.0f connections/s%n", callout);
        }
    }

    private static double rate(ServerUnderTest server, String user, String pass, String label) throws Exception {
        String connect = "CONNECT {\"verbose\":false,\"pedantic\":false,\"user\":\"" + user + "\",\"pass\":\"" + pass
                + "\"}\r\nPING\r\n";
        AtomicInteger done = new AtomicInteger();
        long start = System.nanoTime();
        List<CompletableFuture<Void>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            workers.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < PER_THREAD; i++) {
                    try (RawClient c = RawClient.open(server)) {
                        c.send(connect);
                        c.expectLine("PONG");
                        done.incrementAndGet();
                    }
                }
            }));
        }
        CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).get();
        double seconds = (System.nanoTime() - start) / 1e9;
        double perSecond = done.get() / seconds;
        System.out.printf("%s: %d connections in %.2f s = %.0f/s%n", label, done.get(), seconds, perSecond);
        return perSecond;
    }
}
