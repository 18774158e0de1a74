package io.natsj.tests.client;

import static io.natsj.tests.client.Clients.WAIT;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.JetStreamStatusException;
import io.nats.client.Message;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.ServerCache;
import io.natsj.tests.support.ServerUnderTest;
import io.natsj.tests.support.Target;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;

/** Request/reply: the shared mux inbox, old-style per-request inboxes, and no responders. */
class JnatsRequestReplyTest {

    private static final ServerCache SERVERS = new ServerCache("");

    @AfterAll
    static void stopServers() {
        SERVERS.close();
    }

    @AllTargets
    void requestReplyWithMuxInbox(Target target) throws Exception {
        ServerUnderTest server = SERVERS.get(target);
        try (Connection responder = Clients.connect(server); Connection requester = Clients.connect(server)) {
            echoService(responder);
            for (int i = 0; i < 5; i++) {
                Message reply = requester.request("echo", ("r" + i).getBytes(UTF_8), WAIT);
                assertEquals("echo:r" + i, new String(reply.getData(), UTF_8));
            }
        }
    }

    @AllTargets
    void requestReplyOldStyle(Target target) throws Exception {
        ServerUnderTest server = SERVERS.get(target);
        try (Connection responder = Clients.connect(server);
                Connection requester = Clients.connect(Clients.options(server).oldRequestStyle())) {
            echoService(responder);
            Message reply = requester.request("echo", "old".getBytes(UTF_8), WAIT);
            assertEquals("echo:old", new String(reply.getData(), UTF_8));
        }
    }

    @AllTargets
    void noRespondersCancelsTheRequestAtOnce(Target target) throws Exception {
        try (Connection nc = Clients.connect(SERVERS.get(target))) {
            long start = System.nanoTime();
            CompletableFuture<Message> future = nc.request("nobody.home", null);
            // jnats 2.26 cancels the future when the server answers with a 503 status.
            assertThrows(CancellationException.class, () -> future.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertTrue(future.isCancelled());
            assertTrue(System.nanoTime() - start < WAIT.toNanos(), "must not wait for the timeout");
        }
    }

    @AllTargets
    void noRespondersReportedAsStatusWhenAsked(Target target) throws Exception {
        try (Connection nc = Clients.connect(Clients.options(SERVERS.get(target)).reportNoResponders())) {
            CompletableFuture<Message> future = nc.request("nobody.home", null);
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> future.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            JetStreamStatusException status = assertInstanceOfStatus(e.getCause());
            assertEquals(503, status.getStatus().getCode());
        }
    }

    private static JetStreamStatusException assertInstanceOfStatus(Throwable cause) {
        assertTrue(cause instanceof JetStreamStatusException, "cause: " + cause);
        return (JetStreamStatusException) cause;
    }

    private static void echoService(Connection responder) throws Exception {
        responder.createDispatcher(m -> responder.publish(m.getReplyTo(),
                ("echo:" + new String(m.getData(), UTF_8)).getBytes(UTF_8))).subscribe("echo");
        responder.flush(WAIT);
    }
}
