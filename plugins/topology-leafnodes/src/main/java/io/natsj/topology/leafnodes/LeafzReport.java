package io.natsj.topology.leafnodes;

import io.natsj.config.GoFormat;
import io.natsj.spi.topology.wire.PeerInbound;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * /leafz and the {@code leaf} section of /varz, with nats-server 2.9.10's fields: per leaf
 * connection its bound account, address, RTT, message counters and the subscriptions it holds
 * here ({@code subs=1} lists them, {@code acc=} filters by account).
 */
final class LeafzReport {

    private LeafzReport() {
    }

    static Map<String, Object> leafz(LeafNodes leaves, Function<String, String> query) {
        String acc = query.apply("acc");
        boolean subs = isTrue(query.apply("subs"));
        List<Map<String, Object>> list = new ArrayList<>();
        for (LeafConnection c : leaves.registeredConnections()) {
            if (acc != null && !acc.isEmpty() && !acc.equals(c.account())) {
                continue;
            }
            list.add(leaf(c, subs));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("server_id", leaves.identity().serverId());
        out.put("now", GoFormat.time(Instant.now(), ZoneOffset.UTC));
        out.put("leafnodes", list.size());
        out.put("leafs", list.isEmpty() ? null : list);
        return out;
    }

    private static Map<String, Object> leaf(LeafConnection c, boolean subs) {
        Map<String, Object> m = new LinkedHashMap<>();
        InetSocketAddress a = c.remoteAddress();
        m.put("account", c.account());
        m.put("ip", a == null ? "" : a.getAddress().getHostAddress());
        m.put("port", a == null ? 0 : a.getPort());
        m.put("rtt", GoFormat.duration(c.rttNanos()));
        m.put("in_msgs", c.inMsgs());
        m.put("out_msgs", c.link().outMsgs());
        m.put("in_bytes", c.inBytes());
        m.put("out_bytes", c.link().outBytes());
        PeerInbound in = c.inbound();
        Map<String, Integer> remote = in == null ? Map.of() : in.remoteSubs();
        m.put("subscriptions", remote.size());
        if (subs && !remote.isEmpty()) {
            List<String> subjects = new ArrayList<>();
            for (String key : remote.keySet()) {
                String[] parts = key.split(" ");
                subjects.add(parts.length > 1 ? parts[1] : key);
            }
            m.put("subscriptions_list", subjects);
        }
        return m;
    }

    static Map<String, Object> varz(LeafNodes leaves) {
        LeafOptions o = leaves.options();
        Map<String, Object> m = new LinkedHashMap<>();
        if (o.accepts()) {
            List<String> urls = leaves.listenUrls();
            if (!o.host().isEmpty()) {
                m.put("host", o.host());
            }
            String u = urls.isEmpty() ? "" : urls.get(0);
            m.put("port", o.port() > 0 ? o.port() : Integer.parseInt(u.substring(u.lastIndexOf(':') + 1)));
            m.put("auth_timeout", o.auth().timeout().toNanos() / 1e9);
            m.put("tls_timeout", 2.0);
        }
        if (!o.remotes().isEmpty()) {
            List<Map<String, Object>> remotes = new ArrayList<>();
            for (LeafRemote r : o.remotes()) {
                Map<String, Object> rm = new LinkedHashMap<>();
                rm.put("local_account", r.account());
                List<String> hosts = new ArrayList<>();
                for (LeafRemote.Url u : r.urls()) {
                    hosts.add((u.host().indexOf(':') >= 0 ? "[" + u.host() + "]" : u.host()) + ":" + u.port());
                }
                rm.put("urls", hosts);
                remotes.add(rm);
            }
            m.put("remotes", remotes);
        }
        return m;
    }

    private static boolean isTrue(String v) {
        return v != null && (v.equals("1") || v.equalsIgnoreCase("true"));
    }
}
