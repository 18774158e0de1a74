package io.natsj.topology.leafnodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.natsj.spi.PluginException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The leafnodes section: the hub's and the leaf's keys, and the clear refusal of what is not built. */
class LeafOptionsTest {

    private static LeafOptions read(String hocon) {
        return LeafOptions.read(ConfigFactory.parseString(hocon));
    }

    private static String error(String hocon) {
        return assertThrows(PluginException.class, () -> read(hocon)).getMessage();
    }

    @Test
    void hubSection() {
        LeafOptions o = read("""
                listen: "127.0.0.1:7422", advertise: "10.0.0.1:7422", no_advertise: true,
                authorization { users: [ {user: la, password: pla, account: A}, {user: lg, password: plg} ], timeout: 0.5 }
                """);
        assertEquals("127.0.0.1", o.host());
        assertEquals(7422, o.port());
        assertTrue(o.accepts());
        assertEquals("10.0.0.1:7422", o.advertise());
        assertTrue(o.noAdvertise());
        assertEquals(Duration.ofMillis(500), o.auth().timeout());
        assertEquals("A", o.auth().check("la", "pla").account());
        assertNull(o.auth().check("lg", "plg").account());
        assertNull(o.auth().check("la", "wrong"));
        assertTrue(o.remotes().isEmpty());
    }

    @Test
    void singleUserWithAccount() {
        LeafOptions o = read("port: -1, authorization { user: l, password: p, account: B }");
        assertEquals(0, o.port(), "-1 is an ephemeral port");
        assertEquals("B", o.auth().check("l", "p").account());
    }

    @Test
    void noPortMeansNoListener() {
        assertFalse(read("remotes: [{url: \"nats-leaf://127.0.0.1:7422\"}]").accepts());
        assertFalse(read("port: 0").accepts());
    }

    @Test
    void leafSection() {
        LeafOptions o = read("""
                reconnect: 3
                remotes: [
                  {url: "nats-leaf://u:p%40ss@127.0.0.1:7422", account: A},
                  {urls: ["nats://h1:7000", "nats-leaf://[::1]"], no_randomize: true}
                ]
                """);
        assertEquals(Duration.ofSeconds(3), o.reconnect());
        LeafRemote first = o.remotes().get(0);
        assertEquals("A", first.account());
        assertEquals(new LeafRemote.Url("127.0.0.1", 7422, "u", "p@ss"), first.urls().get(0));
        LeafRemote second = o.remotes().get(1);
        assertEquals(LeafRemote.GLOBAL_ACCOUNT, second.account());
        assertTrue(second.noRandomize());
        assertEquals(List.of(new LeafRemote.Url("h1", 7000, null, null), new LeafRemote.Url("::1", 7422, null, null)),
                second.urls());
        assertEquals(LeafOptions.DEFAULT_RECONNECT, read("port: 1").reconnect());
    }

    @Test
    void webSocketRemotesAreRead() {
        LeafRemote r = read("remotes: [{url: \"ws://u:p@h:8080/x\", ws_compression: true, ws_no_masking: true}]")
                .remotes().get(0);
        assertEquals(new LeafRemote.Url("h", 8080, "u", "p", "ws", "/x"), r.urls().get(0));
        assertEquals(new LeafWebSocket(true, true), r.websocket());
        assertEquals(80, read("remotes: [{url: \"ws://h\"}]").remotes().get(0).urls().get(0).port());
    }

    @Test
    void tlsBlocksAreKeptForTheTlsPlugin() {
        LeafOptions o = read("""
                port: -1
                tls { cert_file: x, key_file: y }
                remotes: [ {url: "tls://h:7422", tls { ca_file: z }}, {url: "nats-leaf://h"} ]
                """);
        assertEquals("z", o.remotes().get(0).tls().getString("ca_file"));
        assertEquals("leafnodes.remotes[0]", o.remotes().get(0).path());
        assertEquals(new LeafRemote.Url("h", 7422, null, null), o.remotes().get(0).urls().get(0));
        assertNull(o.remotes().get(1).tls());
        LeafRemote denying = read("remotes: [{url: \"nats-leaf://h\", deny_imports: \"a.>\", deny_exports: [\"b\", \"c.*\"]}]")
                .remotes().get(0);
        assertEquals(List.of("a.>"), denying.denyImports());
        assertEquals(List.of("b", "c.*"), denying.denyExports());
        assertTrue(error("remotes: [{url: \"nats-leaf://h\", deny_imports: [\"a..b\"]}]")
                .startsWith("leafnodes.remotes[0].deny_imports:"));
        assertTrue(error("remotes: [{url: \"nats-leaf://h\", tls: true}]").startsWith("leafnodes.remotes[0].tls:"));
    }

    @Test
    void wssUrlsAreWebSocketOnesWithTls() {
        LeafRemote r = read("remotes: [{urls: [\"wss://h\", \"ws://u:p@h:8080/x\"]}]").remotes().get(0);
        assertEquals(new LeafRemote.Url("h", 443, null, null, "wss", ""), r.urls().get(0));
        assertEquals(new LeafRemote.Url("h", 8080, "u", "p", "ws", "/x"), r.urls().get(1));
        assertTrue(LeafWebSocket.secure(r), "a wss:// URL turns TLS on for the whole remote");
        assertFalse(LeafWebSocket.secure(read("remotes: [{url: \"ws://h\"}]").remotes().get(0)));
        assertTrue(LeafWebSocket.secure(read("remotes: [{url: \"ws://h\", tls { ca_file: z }}]").remotes().get(0)),
                "a tls block turns TLS on for ws:// too");
    }

    @Test
    void notBuiltKeysAreNamed() {
        assertTrue(error("remotes: [{urls: [\"ws://h:443\", \"nats-leaf://h\"]}]")
                .contains("cannot have a mix of websocket and non-websocket urls"));
        assertTrue(error("remotes: [{url: \"nats-leaf://h\", credentials: \"/nonexistent/x.creds\"}]")
                .startsWith("leafnodes.remotes[0].credentials: can't read"));
        assertTrue(error("min_version: \"2.8.0\"").startsWith("leafnodes.min_version:"));
        assertEquals("leafnodes.tls.verify_and_map: not supported for leaf nodes by natsj yet",
                error("tls { cert_file: x, key_file: y, verify_and_map: true }"));
    }

    @Test
    void wrongSectionsAreRefused() {
        assertEquals("leafnodes.bogus: unknown field \"bogus\"", error("bogus: 1"));
        assertEquals("leafnodes.remotes[0]: a remote needs url or urls", error("remotes: [{account: A}]"));
        assertTrue(error("remotes: [{url: \"h:7422\"}]").contains("needs the scheme nats-leaf://"));
        assertEquals("leafnodes.authorization: can not have a single user/pass and a users array",
                error("authorization { user: a, password: b, users: [{user: c, password: d}] }"));
        assertTrue(error("authorization { users: [{user: c, password: d}, {user: c, password: e}] }")
                .contains("duplicate user \"c\""));
    }
}
