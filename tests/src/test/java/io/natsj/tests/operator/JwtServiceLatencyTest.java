package io.natsj.tests.operator;

import static io.natsj.tests.operator.JwtAccounts.ask;
import static io.natsj.tests.operator.JwtAccounts.export;
import static io.natsj.tests.operator.JwtAccounts.importOf;
import static io.natsj.tests.operator.JwtAccounts.newAccount;
import static io.natsj.tests.operator.JwtAccounts.serve;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.natsj.nkeys.NKey;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.ServerUnderTest;
import io.natsj.tests.support.Target;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;

/**
 * An account JWT's service export with {@code service_latency} ({@code sampling} 100 or
 * {@code "headers"}, {@code results}): the exporting account receives nats-server 2.9.10's
 * {@code service_latency} metric for requests across the import, on both servers.
 */
class JwtServiceLatencyTest {

    private static final Duration WAIT = Duration.ofSeconds(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @AllTargets
    void serviceLatencyOfAnAccountJwtIsPublished(Target target) throws Exception {
        JwtAccounts accs = new JwtAccounts(dir);
        NKey exporter = accs.account(newAccount(), n -> {
            export(n, "service", "help.all").putObject("service_latency").put("sampling", 100)
                    .put("results", "lat.all");
            export(n, "service", "help.traced").putObject("service_latency").put("sampling", "headers")
                    .put("results", "lat.traced");
        });
        NKey importer = accs.account(newAccount(), n -> {
            importOf(n, "service", exporter, "help.all");
            importOf(n, "service", exporter, "help.traced").put("share", true);
        });
        try (ServerUnderTest server = target.start(accs.config());
                Connection svc = accs.connect(server, exporter);
                Connection client = accs.connect(server, importer)) {
            Subscription all = svc.subscribe("lat.all");
            Subscription traced = svc.subscribe("lat.traced");
            serve(svc, "help.>", "answer");
            assertEquals("answer", ask(client, "help.all", WAIT));
            JsonNode m = metric(all);
            assertEquals("io.nats.server.metric.v1.service_latency", m.path("type").asText(), m.toString());
            assertEquals(200, m.path("status").asInt(), m.toString());
            assertEquals(importer.publicKey(), m.path("requestor").path("acc").asText(), m.toString());
            assertEquals(exporter.publicKey(), m.path("responder").path("acc").asText(), m.toString());
            assertTrue(m.path("total").asLong() > 0 && m.path("total").asLong() >= m.path("service").asLong(),
                    m.toString());
            // A JWT user's details: its JWT and the key that issued it.
            assertTrue(m.path("responder").path("jwt").asText().startsWith("eyJ"), m.toString());
            assertEquals(exporter.publicKey(), m.path("responder").path("issuer_key").asText(), m.toString());
            assertTrue(m.path("requestor").path("jwt").isMissingNode(), "not shared: " + m);

            // Headers sampling: the untraced request is not measured, the traced one is.
            assertEquals("answer", ask(client, "help.traced", WAIT));
            Message req = NatsMessage.builder().subject("help.traced").data(new byte[1])
                    .headers(new Headers().add("B3", "80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1")).build();
            assertNotNull(client.request(req, WAIT));
            JsonNode t = metric(traced);
            assertEquals(200, t.path("status").asInt(), t.toString());
            // This import shares its requestors.
            assertEquals(importer.publicKey(), t.path("requestor").path("issuer_key").asText(), t.toString());
            assertTrue(t.path("requestor").path("jwt").asText().startsWith("eyJ"), t.toString());
            assertEquals("80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1",
                    t.path("header").path("B3").path(0).asText(), t.toString());
        }
    }

    private static JsonNode metric(Subscription sub) throws Exception {
        Message m = sub.nextMessage(WAIT);
        assertNotNull(m, "a latency metric on " + sub.getSubject());
        return JSON.readTree(new String(m.getData(), StandardCharsets.UTF_8));
    }
}
