package io.natsj.tests.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.ServerUnderTest;
import io.natsj.tests.support.Target;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Service latency tracking of configured exports ({@code latency} on a service export):
 * nats-server 2.9.10's {@code io.nats.server.metric.v1.service_latency} results in the
 * exporting account, sampling by percentage and by tracing headers, the statuses for a request
 * nobody serves (503) and one without a reply (400), and the start-up errors for bad settings.
 */
class ServiceLatencyTest {

    private static final Duration WAIT = Duration.ofSeconds(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String CONFIG = """
            accounts {
              A: {
                users: [ {user: a, password: a} ]
                exports: [
                  {service: "svc.all", latency: "lat.all"}
                  {service: "svc.hdr", latency: {sampling: headers, subject: "lat.hdr"}}
                  {service: "svc.pct", latency: {sampling: "100%", subject: "lat.pct"}}
                  {service: "svc.slow", response_threshold: "300ms", latency: "lat.slow"}
                  {service: "svc.shared", latency: "lat.shared"}
                ]
              }
              B: {
                users: [ {user: b, password: b} ]
                imports: [
                  {service: {account: A, subject: "svc.all"}}
                  {service: {account: A, subject: "svc.hdr"}, to: "hdr"}
                  {service: {account: A, subject: "svc.pct"}}
                  {service: {account: A, subject: "svc.slow"}}
                  {service: {account: A, subject: "svc.shared"}, share: true}
                ]
              }
            }
            """;

    private static Options options(ServerUnderTest server, String user, String name) {
        return new Options.Builder().server(server.clientUrl()).userInfo(user, user).connectionName(name)
                .connectionTimeout(WAIT).build();
    }

    private static JsonNode metric(Subscription sub) throws Exception {
        Message m = sub.nextMessage(WAIT);
        assertNotNull(m, "a latency metric on " + sub.getSubject());
        return JSON.readTree(new String(m.getData(), StandardCharsets.UTF_8));
    }

    private static void assertAnswered(JsonNode m) {
        assertEquals("io.nats.server.metric.v1.service_latency", m.path("type").asText(), m.toString());
        assertEquals(200, m.path("status").asInt(), m.toString());
        assertFalse(m.path("id").asText().isEmpty(), m.toString());
        assertFalse(m.path("timestamp").asText().isEmpty(), m.toString());
        assertFalse(m.path("start").asText().isEmpty(), m.toString());
        assertEquals("B", m.path("requestor").path("acc").asText(), m.toString());
        assertEquals("A", m.path("responder").path("acc").asText(), m.toString());
        assertEquals("responder", m.path("responder").path("name").asText(), m.toString());
        long service = m.path("service").asLong();
        long total = m.path("total").asLong();
        // service is the time to the response less the responder's RTT, which can be longer
        // (both servers then report 0); total adds the requestor's RTT back.
        assertTrue(service >= 0, m.toString());
        assertTrue(m.path("system").asLong() >= 0, m.toString());
        assertTrue(total > 0, m.toString());
        assertTrue(total >= service, m.toString());
        assertFalse(m.path("requestor").has("name"), "the requestor is not shared: " + m);
    }

    @AllTargets
    void everyRequestIsMeasuredAtFullSampling(Target target) throws Exception {
        try (ServerUnderTest server = target.start(CONFIG);
                Connection a = Nats.connect(options(server, "a", "responder"));
                Connection b = Nats.connect(options(server, "b", "requestor"))) {
            a.createDispatcher(m -> a.publish(m.getReplyTo(), "ok".getBytes())).subscribe("svc.>");
            Subscription all = a.subscribe("lat.all");
            Subscription pct = a.subscribe("lat.pct");
            a.flush(WAIT);
            for (int i = 0; i < 3; i++) {
                assertEquals("ok", new String(b.request("svc.all", null, WAIT).getData()));
                assertAnswered(metric(all));
            }
            assertEquals("ok", new String(b.request("svc.pct", null, WAIT).getData()));
            assertAnswered(metric(pct));
        }
    }

    @AllTargets
    void aSharingImportShowsTheRequestor(Target target) throws Exception {
        try (ServerUnderTest server = target.start(CONFIG);
                Connection a = Nats.connect(options(server, "a", "responder"));
                Connection b = Nats.connect(options(server, "b", "requestor"))) {
            a.createDispatcher(m -> a.publish(m.getReplyTo(), "ok".getBytes())).subscribe("svc.>");
            Subscription shared = a.subscribe("lat.shared");
            a.flush(WAIT);
            assertNotNull(b.request("svc.shared", null, WAIT));
            JsonNode m = metric(shared);
            assertEquals(200, m.path("status").asInt(), m.toString());
            JsonNode requestor = m.path("requestor");
            assertEquals("B", requestor.path("acc").asText(), m.toString());
            assertEquals("requestor", requestor.path("name").asText(), m.toString());
            assertEquals("b", requestor.path("user").asText(), m.toString());
            assertEquals("Client", requestor.path("kind").asText(), m.toString());
            assertFalse(requestor.path("server").asText().isEmpty(), m.toString());
        }
    }

    @AllTargets
    void headersSamplingMeasuresTracedRequestsOnly(Target target) throws Exception {
        try (ServerUnderTest server = target.start(CONFIG);
                Connection a = Nats.connect(options(server, "a", "responder"));
                Connection b = Nats.connect(options(server, "b", "requestor"))) {
            a.createDispatcher(m -> a.publish(m.getReplyTo(), "ok".getBytes())).subscribe("svc.>");
            Subscription hdr = a.subscribe("lat.hdr");
            a.flush(WAIT);
            // Untraced, and traced but not sampled: no metric; the sampled request after them
            // is the first metric to arrive.
            assertNotNull(b.request("hdr", null, WAIT));
            assertNotNull(b.request(traced("hdr", new Headers().add("X-B3-Sampled", "0")), WAIT));
            assertNotNull(b.request(traced("hdr", new Headers().add("traceparent",
                    "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00")), WAIT));
            String parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
            assertNotNull(b.request(traced("hdr", new Headers().add("traceparent", parent)), WAIT));
            JsonNode m = metric(hdr);
            assertAnswered(m);
            assertEquals(parent, m.path("header").path("Traceparent").path(0).asText(), m.toString());
            assertNotNull(b.request(traced("hdr", new Headers().add("Uber-Trace-Id",
                    "479fefe9525eddb:5adb976bfc1f95c1:479fefe9525eddb:1")), WAIT));
            JsonNode uber = metric(hdr);
            assertAnswered(uber);
            assertEquals("479fefe9525eddb:5adb976bfc1f95c1:479fefe9525eddb:1",
                    uber.path("header").path("Uber-Trace-Id").path(0).asText(), uber.toString());
            assertNotNull(b.request(traced("hdr", new Headers().add("X-B3-TraceId", "80f198ee56343ba864fe8b2a57d3eff7")), WAIT));
            JsonNode b3 = metric(hdr);
            assertEquals("80f198ee56343ba864fe8b2a57d3eff7",
                    b3.path("header").path("X-B3-Traceid").path(0).asText(), b3.toString());
        }
    }

    private static Message traced(String subject, Headers headers) {
        return NatsMessage.builder().subject(subject).headers(headers).data(new byte[0]).build();
    }

    @AllTargets
    void aRequestNobodyServesReports503(Target target) throws Exception {
        try (ServerUnderTest server = target.start(CONFIG);
                Connection a = Nats.connect(options(server, "a", "responder"));
                Connection b = Nats.connect(options(server, "b", "requestor"))) {
            Subscription all = a.subscribe("lat.all");
            a.flush(WAIT);
            b.publish("svc.all", "inbox.nobody", "?".getBytes());
            b.flush(WAIT);
            JsonNode m = metric(all);
            assertEquals(503, m.path("status").asInt(), m.toString());
            assertEquals("Service Unavailable", m.path("description").asText(), m.toString());
            assertEquals("B", m.path("requestor").path("acc").asText(), m.toString());
            assertTrue(m.path("responder").isMissingNode(), m.toString());
        }
    }

    @AllTargets
    void aResponseLaterThanTheThresholdReports504(Target target) throws Exception {
        try (ServerUnderTest server = target.start(CONFIG);
                Connection a = Nats.connect(options(server, "a", "responder"));
                Connection b = Nats.connect(options(server, "b", "requestor"))) {
            Subscription slow = a.subscribe("lat.slow");
            Subscription requests = a.subscribe("svc.slow");
            a.flush(WAIT);
            b.publish("svc.slow", "inbox.slow", "?".getBytes());
            b.flush(WAIT);
            assertNotNull(requests.nextMessage(WAIT), "the responder gets the request and never answers");
            JsonNode m = metric(slow);
            assertEquals(504, m.path("status").asInt(), m.toString());
            assertEquals("Service Timeout", m.path("description").asText(), m.toString());
            assertEquals("B", m.path("requestor").path("acc").asText(), m.toString());
        }
    }

    @AllTargets
    void aRequestorThatStopsListeningReports408(Target target) throws Exception {
        try (ServerUnderTest server = target.start(CONFIG);
                Connection a = Nats.connect(options(server, "a", "responder"));
                Connection b = Nats.connect(options(server, "b", "requestor"))) {
            Subscription all = a.subscribe("lat.all");
            Subscription requests = a.subscribe("svc.all");
            a.flush(WAIT);
            Subscription inbox = b.subscribe("inbox.gone");
            b.publish("svc.all", "inbox.gone", "?".getBytes());
            b.flush(WAIT);
            assertNotNull(requests.nextMessage(WAIT), "the responder has the request");
            inbox.unsubscribe();
            b.flush(WAIT);
            JsonNode m = metric(all);
            assertEquals(408, m.path("status").asInt(), m.toString());
            assertEquals("Request Timeout", m.path("description").asText(), m.toString());
            assertEquals("B", m.path("requestor").path("acc").asText(), m.toString());
        }
    }

    @AllTargets
    void aRequestWithoutReplyReports400(Target target) throws Exception {
        try (ServerUnderTest server = target.start(CONFIG);
                Connection a = Nats.connect(options(server, "a", "responder"));
                Connection b = Nats.connect(options(server, "b", "requestor"))) {
            Subscription all = a.subscribe("lat.all");
            a.createDispatcher(m -> { }).subscribe("svc.all");
            a.flush(WAIT);
            b.publish("svc.all", "no reply".getBytes());
            b.flush(WAIT);
            JsonNode m = metric(all);
            assertEquals(400, m.path("status").asInt(), m.toString());
            assertEquals("Bad Request", m.path("description").asText(), m.toString());
            assertEquals("B", m.path("requestor").path("acc").asText(), m.toString());
        }
    }

    @AllTargets
    void badLatencySettingsStopStartup(Target target) {
        refused(target, "{service: svc, latency: {sampling: 0, subject: lat}}", "bad sampling percentage, should be 1-100");
        refused(target, "{service: svc, latency: {sampling: \"101%\", subject: lat}}", "bad sampling percentage, should be 1-100");
        refused(target, "{service: svc, latency: {sampling: \"lots\", subject: lat}}", "Failed to parse latency sample");
        refused(target, "{service: svc, latency: {sampling: 50}}", "Latency subject required, but missing");
        refused(target, "{service: svc, latency: 42}", "Expected latency entry to be a map/struct or string");
        refused(target, "{stream: str, latency: lat}", "Detected latency directive on non-service");
        refused(target, "{service: svc, latency: \"lat.*\"}",
                "Error adding service latency sampling for \"svc\" on subject \"lat.*\": invalid publish subject");
        refused(target, "{service: svc, response_type: stream, latency: lat}",
                "Error adding service latency sampling for \"svc\" on subject \"lat\": bad service response type");
        String noSystem = "no_system_account: true\naccounts { A: { exports: [ {service: svc, latency: lat} ] } }\n";
        RuntimeException e = assertThrows(RuntimeException.class, () -> target.start(noSystem).close());
        assertTrue(e.getMessage().contains("Error adding service latency sampling for \"svc\": system account not setup"),
                e.getMessage());
    }

    private static void refused(Target target, String export, String text) {
        String config = "accounts { A: { users: [ {user: a, password: a} ], exports: [ " + export + " ] } }\n";
        RuntimeException e = assertThrows(RuntimeException.class, () -> target.start(config).close(), export);
        assertTrue(e.getMessage().contains(text), export + " -> " + e.getMessage());
    }
}
