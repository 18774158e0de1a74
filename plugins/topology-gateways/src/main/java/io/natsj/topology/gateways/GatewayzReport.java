package io.natsj.topology.gateways;

import io.natsj.config.GoFormat;
import io.natsj.spi.topology.wire.PeerInbound;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The monitoring answers: {@code /gatewayz} and the {@code gateway} section of {@code /varz},
 * with nats-server 2.9.10's field names and order ({@code Gatewayz}, {@code RemoteGatewayz},
 * {@code AccountGatewayz}, {@code GatewayOptsVarz}). Every account is interest-only, as in
 * nats-server 2.9.
 */
final class GatewayzReport {

    /** nats-server's defaultGatewayMaxRUnsubBeforeSwitch, shown as the threshold. */
    private static final int INTEREST_ONLY_THRESHOLD = 1000;

    private GatewayzReport() {
    }

    /**
     * @param cluster the super-cluster membership
     * @param query {@code gw_name} keeps one remote gateway; {@code accs=1} or {@code acc_name}
     *        lists accounts
     * @return the /gatewayz object
     */
    static Map<String, Object> gatewayz(SuperCluster cluster, Function<String, String> query) {
        String only = blankToNull(query.apply("gw_name"));
        String accName = blankToNull(query.apply("acc_name"));
        String accs = query.apply("accs");
        boolean accounts = accName != null || "1".equals(accs) || "true".equalsIgnoreCase(accs);
        long now = System.currentTimeMillis();
        String url = cluster.listenUrls().isEmpty() ? ":0" : cluster.listenUrls().getFirst().substring(7);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("server_id", cluster.identity().serverId());
        out.put("now", GoFormat.time(Instant.now(), ZoneOffset.UTC));
        out.put("name", cluster.name());
        out.put("host", GatewayUrls.host(url));
        out.put("port", GatewayUrls.port(url));
        Set<String> configured = new LinkedHashSet<>();
        for (RemoteGateway r : cluster.remotes()) {
            if (!r.isImplicit()) {
                configured.add(r.name());
            }
        }
        Map<String, Object> outbound = new LinkedHashMap<>();
        for (Map.Entry<String, GatewayConnection> e : cluster.outboundConnections().entrySet()) {
            if (only == null || only.equals(e.getKey())) {
                outbound.put(e.getKey(), remote(e.getValue(), configured.contains(e.getKey()), now, accounts, accName));
            }
        }
        out.put("outbound_gateways", outbound);
        Map<String, Object> inbound = new LinkedHashMap<>();
        for (GatewayConnection c : cluster.inboundConnections()) {
            String name = c.remoteName();
            if (only == null || only.equals(name)) {
                @SuppressWarnings("unchecked")
                List<Object> list = (List<Object>) inbound.computeIfAbsent(name, n -> new ArrayList<>());
                list.add(remote(c, configured.contains(name), now, accounts, accName));
            }
        }
        out.put("inbound_gateways", inbound);
        return out;
    }

    private static Map<String, Object> remote(GatewayConnection c, boolean configured, long now, boolean accounts,
                                              String accName) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("configured", configured);
        m.put("connection", connection(c, now));
        if (accounts && c.isOutbound()) {
            List<Map<String, Object>> list = new ArrayList<>();
            Map<String, int[]> perAccount = new LinkedHashMap<>();
            PeerInbound in = c.inbound();
            if (in != null) {
                for (String key : in.remoteSubs().keySet()) {
                    String[] parts = key.split(" ");
                    int[] counts = perAccount.computeIfAbsent(parts[0], a -> new int[2]);
                    counts[0]++;
                    if (parts.length > 2) {
                        counts[1]++;
                    }
                }
            }
            OutboundInterest out = c.link().outboundInterest();
            if (out != null && out.optimistic()) {
                // A peer in optimistic mode: the accounts it said anything about, as nats-server.
                for (Map.Entry<String, Object[]> e : out.report().entrySet()) {
                    if (accName == null || accName.equals(e.getKey())) {
                        int[] counts = perAccount.getOrDefault(e.getKey(), new int[2]);
                        list.add(account(e.getKey(), (String) e.getValue()[0], (Integer) e.getValue()[1],
                                counts[0], (Integer) e.getValue()[2]));
                    }
                }
            } else {
                for (Map.Entry<String, int[]> e : perAccount.entrySet()) {
                    if (accName == null || accName.equals(e.getKey())) {
                        list.add(account(e.getKey(), "Interest-Only", 0, e.getValue()[0], e.getValue()[1]));
                    }
                }
            }
            if (!list.isEmpty()) {
                m.put("accounts", list);
            }
        } else if (accounts) {
            // Inbound: the accounts this server switched the other side to interest-only for.
            List<Map<String, Object>> list = new ArrayList<>();
            for (Map.Entry<String, Object[]> e : c.link().inboundAccounts().entrySet()) {
                if (accName == null || accName.equals(e.getKey())) {
                    Object[] v = e.getValue();
                    list.add(account(e.getKey(), v == null ? "Interest-Only" : (String) v[0],
                            v == null ? 0 : (Integer) v[1], 0, 0));
                }
            }
            if (!list.isEmpty()) {
                m.put("accounts", list);
            }
        }
        return m;
    }

    /** One account as nats-server's AccountGatewayz: counts of 0 are left out. */
    private static Map<String, Object> account(String name, String mode, int noInterest, int subs, int queueSubs) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("name", name);
        a.put("interest_mode", mode);
        if (noInterest > 0) {
            a.put("no_interest_count", noInterest);
        }
        a.put("interest_only_threshold", INTEREST_ONLY_THRESHOLD);
        if (subs > 0) {
            a.put("num_subs", subs);
        }
        if (queueSubs > 0) {
            a.put("num_queue_subs", queueSubs);
        }
        return a;
    }

    private static Map<String, Object> connection(GatewayConnection c, long now) {
        Map<String, Object> m = new LinkedHashMap<>();
        InetSocketAddress remote = c.remoteAddress();
        PeerInbound in = c.inbound();
        m.put("cid", c.cid());
        m.put("kind", "Gateway");
        m.put("ip", remote == null ? "" : remote.getAddress().getHostAddress());
        m.put("port", remote == null ? 0 : remote.getPort());
        m.put("start", GoFormat.time(Instant.ofEpochMilli(c.startMillis()), ZoneOffset.UTC));
        m.put("last_activity", GoFormat.time(Instant.ofEpochMilli(c.lastActivityMillis), ZoneOffset.UTC));
        m.put("rtt", GoFormat.duration(c.rttNanos()));
        m.put("uptime", GoFormat.uptime(Duration.ofMillis(now - c.startMillis())));
        m.put("idle", GoFormat.uptime(Duration.ofMillis(now - c.lastActivityMillis)));
        m.put("pending_bytes", in == null ? 0 : in.pendingBytes());
        m.put("in_msgs", in == null ? 0 : in.inMsgs());
        m.put("out_msgs", c.link().outMsgs());
        m.put("in_bytes", in == null ? 0 : in.inBytes());
        m.put("out_bytes", c.link().outBytes());
        m.put("subscriptions", in == null ? 0 : in.remoteSubs().size());
        m.put("name", c.remoteId());
        return m;
    }

    /**
     * @param cluster the super-cluster membership
     * @return the /varz {@code gateway} object
     */
    static Map<String, Object> varz(SuperCluster cluster) {
        GatewayOptions o = cluster.options();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", o.name());
        m.put("host", o.host());
        m.put("port", cluster.boundPort());
        m.put("auth_timeout", seconds(o.authTimeout()));
        m.put("tls_timeout", cluster.tls() == null ? 2 : seconds(cluster.tls().handshakeTimeout()));
        if (cluster.tls() != null) {
            m.put("tls_required", true);
            m.put("tls_verify", true);
        }
        if (o.advertise() != null) {
            m.put("advertise", o.advertise());
        }
        if (o.connectRetries() != 0) {
            m.put("connect_retries", o.connectRetries());
        }
        List<Map<String, Object>> gateways = new ArrayList<>();
        for (GatewayOptions.Remote r : o.remotes()) {
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("name", r.name());
            g.put("urls", r.urls());
            gateways.add(g);
        }
        if (!gateways.isEmpty()) {
            m.put("gateways", gateways);
        }
        if (o.rejectUnknown()) {
            m.put("reject_unknown", true);
        }
        return m;
    }

    /** @return seconds as Go writes a float64: 2, or 0.5 */
    private static Number seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (Number) (ms / 1000) : (Number) (ms / 1000.0);
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
