package io.natsj.tests.jetstream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.natsj.tests.support.ServerUnderTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * A jnats connection plus raw JetStream API calls: requests with exact JSON bodies and the
 * replies as Jackson trees, so tests assert nats-server's fields rather than jnats's view of them.
 */
final class JsClient implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(3);
    static final ObjectMapper JSON = new ObjectMapper();

    private final Connection connection;

    private JsClient(Connection connection) {
        this.connection = connection;
    }

    static JsClient connect(ServerUnderTest server) throws Exception {
        return new JsClient(Nats.connect(new Options.Builder().server(server.clientUrl())
                .connectionTimeout(WAIT).noReconnect().build()));
    }

    /** Connects as a user (for accounts with their own JetStream limits). */
    static JsClient connect(ServerUnderTest server, String user, String password) throws Exception {
        return new JsClient(Nats.connect(new Options.Builder().server(server.clientUrl()).userInfo(user, password)
                .connectionTimeout(WAIT).noReconnect().build()));
    }

    Connection connection() {
        return connection;
    }

    JetStreamManagement jsm() throws IOException {
        return connection.jetStreamManagement();
    }

    JetStream js() throws IOException {
        return connection.jetStream();
    }

    /** @return the reply to a request with an empty body, as JSON */
    JsonNode api(String subject) throws Exception {
        return api(subject, "");
    }

    /** @return the reply to a request with the given body, as JSON */
    JsonNode api(String subject, String body) throws Exception {
        return json(request(subject, null, body));
    }

    /** @return the raw reply message (for direct get, whose answer is headers and payload) */
    Message request(String subject, Headers headers, String body) throws Exception {
        Message msg = NatsMessage.builder().subject(subject).headers(headers).data(body.getBytes(UTF_8)).build();
        Message reply = connection.request(msg, WAIT);
        assertNotNull(reply, "no reply to " + subject);
        return reply;
    }

    /** Publishes as a request and returns the PubAck (or error) JSON exactly as sent. */
    JsonNode publish(String subject, Headers headers, String body) throws Exception {
        return json(request(subject, headers, body));
    }

    /** Publishes without headers and returns the PubAck JSON. */
    JsonNode publish(String subject, String body) throws Exception {
        return publish(subject, null, body);
    }

    /** Creates a stream from JSON and asserts nats-server's success shape. */
    JsonNode createStream(String config) throws Exception {
        String name = json(config).get("name").asText();
        JsonNode reply = api("$JS.API.STREAM.CREATE." + name, config);
        assertEquals("io.nats.jetstream.api.v1.stream_create_response", reply.get("type").asText(), reply.toString());
        assertTrue(reply.path("did_create").asBoolean(), reply.toString());
        return reply;
    }

    static JsonNode json(Message reply) {
        return json(new String(reply.getData(), UTF_8));
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return a JSON object text from alternating keys and values */
    static String obj(Object... keysAndValues) {
        ObjectNode node = JSON.createObjectNode();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            node.set((String) keysAndValues[i], JSON.valueToTree(keysAndValues[i + 1]));
        }
        return node.toString();
    }

    /** Asserts the reply carries exactly this JetStream error object. */
    static void assertApiError(JsonNode reply, int code, int errCode, String description) {
        JsonNode expected = JSON.createObjectNode().put("code", code).put("err_code", errCode)
                .put("description", description);
        assertEquals(expected, reply.get("error"), reply.toString());
    }

    @Override
    public void close() throws InterruptedException {
        connection.close();
    }
}
