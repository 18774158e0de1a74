package io.natsj.tests.raw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.RawClient;
import io.natsj.tests.support.ServerCache;
import io.natsj.tests.support.ServerUnderTest;
import io.natsj.tests.support.Target;
import org.junit.jupiter.api.AfterAll;

/** The INFO line a server greets every client with. */
class InfoLineTest {

    private static final ServerCache SERVERS = new ServerCache("");

    @AfterAll
    static void stopServers() {
        SERVERS.close();
    }

    @AllTargets
    void infoLineHasSpaceBeforeCrlfAndJsonBody(Target target) {
        try (RawClient c = RawClient.open(SERVERS.get(target))) {
            // RawClient strips only the CRLF, so the trailing space must still be there.
            String line = c.info();
            assertTrue(line.startsWith("INFO {"), line);
            assertTrue(line.endsWith("} "), "INFO must end with '} ' before CRLF: [" + line + "]");
        }
    }

    @AllTargets
    void infoFieldsHaveNatsServerTypesAndValues(Target target) throws Exception {
        ServerUnderTest server = SERVERS.get(target);
        try (RawClient c = RawClient.open(server)) {
            JsonNode info = json(c.info());

            String serverId = info.path("server_id").asText();
            assertTrue(info.path("server_id").isTextual());
            assertEquals(56, serverId.length(), serverId);
            assertTrue(serverId.startsWith("N"), serverId);
            assertTrue(serverId.matches("[A-Z2-7]{56}"), "server_id is a base32 public NKey: " + serverId);

            assertTrue(info.path("server_name").isTextual());
            assertFalse(info.path("server_name").asText().isEmpty());
            assertEquals("2.9.10", info.path("version").asText());
            assertTrue(info.path("proto").isInt());
            assertEquals(1, info.path("proto").asInt());
            assertEquals("127.0.0.1", info.path("host").asText());
            assertTrue(info.path("port").isInt());
            assertEquals(server.port(), info.path("port").asInt());
            assertTrue(info.path("headers").isBoolean());
            assertTrue(info.path("headers").asBoolean());
            assertTrue(info.path("max_payload").isIntegralNumber());
            assertEquals(1048576, info.path("max_payload").asLong());
            assertTrue(info.path("client_id").isIntegralNumber());
            assertEquals("127.0.0.1", info.path("client_ip").asText());
            // Without any auth configured nats-server omits the field instead of sending false.
            assertFalse(info.has("auth_required"), "auth_required must be absent: " + info);
        }
    }

    @AllTargets
    void clientIdsDifferPerConnection(Target target) throws Exception {
        ServerUnderTest server = SERVERS.get(target);
        try (RawClient a = RawClient.open(server); RawClient b = RawClient.open(server)) {
            long idA = json(a.info()).path("client_id").asLong();
            long idB = json(b.info()).path("client_id").asLong();
            assertTrue(idA != idB, "client ids must be unique: " + idA);
            assertEquals(json(a.info()).path("server_id"), json(b.info()).path("server_id"));
        }
    }

    @AllTargets
    void configuredMaxPayloadIsAdvertised(Target target) throws Exception {
        try (ServerUnderTest server = target.start("max_payload: 1024");
                RawClient c = RawClient.open(server)) {
            assertEquals(1024, json(c.info()).path("max_payload").asLong());
        }
    }

    private static JsonNode json(String infoLine) throws Exception {
        return new ObjectMapper().readTree(infoLine.substring("INFO ".length()));
    }
}
