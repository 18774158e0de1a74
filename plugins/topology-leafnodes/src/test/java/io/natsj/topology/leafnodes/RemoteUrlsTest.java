package io.natsj.topology.leafnodes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A remote's URLs as nats-server 2.9.10's leafNodeCfg keeps them: merged with a hub's, rotated on each pick. */
class RemoteUrlsTest {

    private static LeafRemote remote(String... urls) {
        List<LeafRemote.Url> parsed = java.util.Arrays.stream(urls).map(u -> LeafRemote.Url.parse(u, "r")).toList();
        return new LeafRemote(parsed, "$G", true, null, "leafnodes.remotes[0]", null, List.of(), List.of(), null);
    }

    private static List<String> shown(RemoteUrls r) {
        return r.urls().stream().map(LeafRemote.Url::toString).toList();
    }

    @Test
    void learnedUrlsComeFirstLessTheConfiguredOnesAndCarryTheConfiguredUser() {
        RemoteUrls r = new RemoteUrls(remote("nats-leaf://u:p@hub.example:7422"));
        assertEquals("nats-leaf://hub.example:7422", r.pick().toString());
        r.learned(List.of("HUB.example:7422", "10.0.0.2:7422", "10.0.0.2:7422", "[::1]:7500"), null);
        assertEquals(List.of("nats-leaf://10.0.0.2:7422", "nats-leaf://[::1]:7500", "nats-leaf://hub.example:7422"),
                shown(r));
        LeafRemote.Url next = r.pick();
        assertEquals("10.0.0.2", next.host());
        assertEquals("u", next.user());
        assertEquals("p", next.password());
        assertEquals("hub.example", r.tlsHost(next), "TLS checks the configured host name");
    }

    @Test
    void theUrlDialledLastGoesToTheEndWhenFirst() {
        RemoteUrls r = new RemoteUrls(remote("nats-leaf://a:1", "nats-leaf://b:2", "nats-leaf://c:3"));
        assertEquals("a", r.pick().host());
        assertEquals("b", r.pick().host());
        assertEquals("c", r.pick().host());
        assertEquals("a", r.pick().host());
    }

    @Test
    void aWebSocketRemoteTakesWsConnectUrls() {
        RemoteUrls r = new RemoteUrls(remote("ws://a:8080"));
        r.learned(List.of("a:7422", "b:7422"), List.of("b:8080"));
        assertEquals(List.of("ws://b:8080", "ws://a:8080"), shown(r));
        RemoteUrls tcp = new RemoteUrls(remote("nats-leaf://a:7422"));
        tcp.learned(List.of(), List.of("b:8080"));
        assertEquals(List.of("nats-leaf://a:7422"), shown(tcp));
    }
}
