package io.natsj.tests.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.ServerUnderTest;
import io.natsj.tests.support.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The system account: connection advisories and server requests, seen by a system user and
 * by nobody else.
 */
class SystemAccountTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(3);

    private static final String CONFIG = """
            server_name: "sys-test"
            accounts {
              SYS: { users: [ {user: sys, password: sys} ] }
              A: { users: [ {user: a, password: a} ] }
            }
            system_account: SYS
            """;

    private static Connection connect(ServerUnderTest server, String user, String name) throws Exception {
        return Nats.connect(new Options.Builder().server(server.clientUrl()).userInfo(user, user)
                .connectionName(name).connectionTimeout(WAIT).build());
    }

    private static JsonNode json(Message m) throws Exception {
        return JSON.readTree(m.getData());
    }

    @AllTargets
    void connectAndDisconnectAdvisories(Target target) throws Exception {
        try (ServerUnderTest server = target.start(CONFIG);
                Connection sys = connect(server, "sys", "watcher")) {
            Subscription connects = sys.subscribe("$SYS.ACCOUNT.A.CONNECT");
            Subscription disconnects = sys.subscribe("$SYS.ACCOUNT.A.DISCONNECT");
            Subscription conns = sys.subscribe("$SYS.ACCOUNT.A.SERVER.CONNS");
            sys.flush(WAIT);
            Connection a = connect(server, "a", "client-a");
            JsonNode connect = json(connects.nextMessage(WAIT));
            assertEquals("io.nats.server.advisory.v1.client_connect", connect.get("type").asText());
            assertEquals(List.of("type", "id", "timestamp", "server", "client"), keys(connect));
            assertEquals(List.of("name", "host", "id", "ver", "seq", "jetstream", "time"), keys(connect.get("server")));
            assertEquals("sys-test", connect.get("server").get("name").asText());
            assertEquals("2.9.10", connect.get("server").get("ver").asText());
            JsonNode client = connect.get("client");
            assertEquals("A", client.get("acc").asText());
            assertEquals("a", client.get("user").asText());
            assertEquals("client-a", client.get("name").asText());
            assertEquals("java", client.get("lang").asText());
            assertEquals("Client", client.get("kind").asText());
            assertEquals("nats", client.get("client_type").asText());
            assertNull(client.get("stop"));
            JsonNode count = json(conns.nextMessage(WAIT));
            assertEquals(1, count.get("conns").asInt());
            assertEquals("A", count.get("acc").asText());

            a.close();
            JsonNode disconnect = json(disconnects.nextMessage(WAIT));
            assertEquals("io.nats.server.advisory.v1.client_disconnect", disconnect.get("type").asText());
            assertEquals(List.of("type", "id", "timestamp", "server", "client", "sent", "received", "reason"),
                    keys(disconnect));
            assertEquals("Client Closed", disconnect.get("reason").asText());
            assertNotNull(disconnect.get("client").get("stop"));
            assertEquals(0, json(conns.nextMessage(WAIT)).get("conns").asInt());
        }
    }

    @AllTargets
    void serverPingAnswersWithStatsz(Target target) throws Exception {
        try (ServerUnderTest server = target.start(CONFIG);
                Connection sys = connect(server, "sys", "pinger")) {
            JsonNode reply = json(sys.request("$SYS.REQ.SERVER.PING", new byte[0], WAIT));
            assertEquals(List.of("server", "statsz"), keys(reply));
            assertEquals(sys.getServerInfo().getServerId(), reply.get("server").get("id").asText());
            JsonNode statsz = reply.get("statsz");
            assertTrue(statsz.get("connections").asInt() >= 1);
            assertEquals(1, statsz.get("active_servers").asInt());
            for (String field : List.of("start", "mem", "cores", "cpu", "total_connections", "subscriptions",
                    "sent", "received", "slow_consumers")) {
                assertTrue(statsz.has(field), field);
            }
        }
    }

    @AllTargets
    void serverRequestsReturnMonitoringData(Target target) throws Exception {
        try (ServerUnderTest server = target.start(CONFIG);
                Connection sys = connect(server, "sys", "monitor")) {
            String id = sys.getServerInfo().getServerId();
            JsonNode varz = json(sys.request("$SYS.REQ.SERVER.PING.VARZ", new byte[0], WAIT));
            assertEquals(id, varz.get("data").get("server_id").asText());
            assertEquals("SYS", varz.get("data").get("system_account").asText());
            JsonNode connz = json(sys.request("$SYS.REQ.SERVER." + id + ".CONNZ",
                    "{\"subscriptions\":true}".getBytes(), WAIT));
            assertEquals(1, connz.get("data").get("num_connections").asInt());
            assertEquals("monitor", connz.get("data").get("connections").get(0).get("name").asText());
            JsonNode healthz = json(sys.request("$SYS.REQ.SERVER.PING.HEALTHZ", new byte[0], WAIT));
            assertEquals("ok", healthz.get("data").get("status").asText());
        }
    }

    @AllTargets
    void otherAccountsSeeNothingOfTheSystemAccount(Target target) throws Exception {
        try (ServerUnderTest server = target.start(CONFIG);
                Connection a = connect(server, "a", "curious")) {
            Subscription all = a.subscribe("$SYS.>");
            a.flush(WAIT);
            try (Connection other = connect(server, "a", "other")) {
                other.flush(WAIT);
            }
            a.publish("$SYS.REQ.SERVER.PING", "_INBOX.none", new byte[0]);
            a.flush(WAIT);
            // Its own request is its own subject; no advisory and no server answer reach it.
            Message own = all.nextMessage(WAIT);
            assertEquals("$SYS.REQ.SERVER.PING", own.getSubject());
            assertNull(all.nextMessage(Duration.ofMillis(300)));
        }
    }

    private static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        return keys;
    }
}
