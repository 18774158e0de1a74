package io.natsj.topology.routes;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
/**
 * The monitoring answers: {@code /routez} and the {@code cluster} section of {@code /varz},
 * with nats-server 2.9.10's field names and order ({@code Routez}, {@code RouteInfo},
 * {@code ClusterOptsVarz}).
 */
final class RoutezReport {


    private RoutezReport() {
    }

    /**
     * @param cluster the cluster
     * @param query the request's parameters; {@code subs=1} lists subjects, {@code subs=detail} details
     * @return the /routez object
     */
    static Map<String, Object> routez(RouteCluster cluster, Function<String, String> query) {
        String subs = query.apply("subs");
        subs = subs == null ? "" : subs.toLowerCase(Locale.ROOT);
        boolean detail = subs.equals("detail");
        boolean list = !detail && (subs.equals("1") || subs.equals("t") || subs.equals("true"));
        long now = System.currentTimeMillis();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("server_id", cluster.serverId());
        out.put("now", rfc3339(Instant.now()));
        List<RouteConnection> routes = cluster.registeredRoutes();
        out.put("num_routes", routes.size());
        List<Map<String, Object>> entries = new ArrayList<>();
        for (RouteConnection r : routes) {
            entries.add(route(r, now, list, detail));
        }
        out.put("routes", entries);
        return out;
    }

    private static Map<String, Object> route(RouteConnection r, long now, boolean list, boolean detail) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rid", r.rid());
        m.put("remote_id", r.remoteId());
        m.put("did_solicit", r.didSolicit());
        m.put("is_configured", r.isExplicit());
        java.net.InetSocketAddress remote = r.remoteAddress();
        m.put("ip", remote == null ? "" : remote.getAddress().getHostAddress());
        m.put("port", remote == null ? 0 : remote.getPort());
        m.put("start", rfc3339(Instant.ofEpochMilli(r.startMillis())));
        m.put("last_activity", rfc3339(Instant.ofEpochMilli(r.lastActivityMillis)));
        m.put("rtt", GoDurations.format(Duration.ofNanos(r.rttNanos())));
        m.put("uptime", GoDurations.uptime(Duration.ofMillis(now - r.startMillis())));
        m.put("idle", GoDurations.uptime(Duration.ofMillis(now - r.lastActivityMillis)));
        m.put("pending_size", r.pendingBytes());
        m.put("in_msgs", r.inMsgs());
        m.put("out_msgs", r.outMsgs());
        m.put("in_bytes", r.inBytes());
        m.put("out_bytes", r.outBytes());
        Map<String, Integer> subs = r.remoteSubs();
        m.put("subscriptions", subs.size());
        if (list && !subs.isEmpty()) {
            List<String> subjects = new ArrayList<>();
            for (String key : subs.keySet()) {
                subjects.add(key.split(" ")[1]);
            }
            m.put("subscriptions_list", subjects);
        } else if (detail && !subs.isEmpty()) {
            List<Map<String, Object>> details = new ArrayList<>();
            for (String key : subs.keySet()) {
                String[] parts = key.split(" ");
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("subject", parts[1]);
                if (parts.length > 2) {
                    d.put("qgroup", parts[2]);
                }
                d.put("sid", key);
                d.put("msgs", 0);
                d.put("cid", r.rid());
                details.add(d);
            }
            m.put("subscriptions_list_detail", details);
        }
        return m;
    }

    /**
     * @param cluster the cluster
     * @return the /varz {@code cluster} object (empty when clustering is off)
     */
    static Map<String, Object> varz(RouteCluster cluster) {
        Map<String, Object> m = new LinkedHashMap<>();
        ClusterOptions o = cluster.options();
        if (!o.enabled()) {
            return m;
        }
        m.put("name", cluster.clusterName());
        m.put("addr", o.host());
        m.put("cluster_port", cluster.boundPort());
        m.put("auth_timeout", o.authTimeout().toNanos() / 1e9);
        if (!o.routes().isEmpty()) {
            m.put("urls", o.routes().stream().map(RouteUrl::hostPort).toList());
        }
        m.put("tls_timeout", 2.0);
        if (cluster.usesTls()) {
            m.put("tls_required", true);
            m.put("tls_verify", true);
        }
        return m;
    }

    /** Go's time.RFC3339Nano in UTC: the fraction without trailing zeros. */
    static String rfc3339(Instant t) {
        return io.natsj.config.GoFormat.time(t, java.time.ZoneOffset.UTC);
    }
}
