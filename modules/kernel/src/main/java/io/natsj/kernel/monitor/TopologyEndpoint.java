package io.natsj.kernel.monitor;

import io.natsj.config.GoFormat;
import io.natsj.kernel.server.Server;
import io.natsj.spi.topology.Topology;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Serves a topology plugin's page (/routez for routes, /gatewayz for gateways): the plugin shapes the answer, as
 * nats-server shapes it, and the kernel writes it as JSON. Without the plugin running, the
 * page answers like nats-server without a cluster: the server's identity and no peers.
 */
final class TopologyEndpoint implements MonitorEndpoint {

    private final Server server;
    private final HttpRequestStats requests;
    private final String path;
    private final String name;

    TopologyEndpoint(Server server, HttpRequestStats requests, String name) {
        this.server = server;
        this.requests = requests;
        this.name = name;
        this.path = "/" + name;
    }

    String path() {
        return path;
    }

    @Override
    public MonitorResponse handle(QueryParams query) {
        requests.count(path);
        for (Topology t : server.topologies()) {
            if (t.monitorName().equals(name)) {
                return MonitorResponse.json(MonitorJson.indented(t.monitor(query::get)));
            }
        }
        Map<String, Object> empty = new LinkedHashMap<>();
        empty.put("server_id", server.serverId());
        empty.put("now", GoFormat.time(Instant.now(), ZoneOffset.UTC));
        if (name.equals("gatewayz")) {
            empty.put("outbound_gateways", Map.of());
            empty.put("inbound_gateways", Map.of());
        } else if (name.equals("leafz")) {
            empty.put("leafnodes", 0);
            empty.put("leafs", null);
        } else {
            empty.put("num_routes", 0);
            empty.put("routes", List.of());
        }
        return MonitorResponse.json(MonitorJson.indented(empty));
    }
}
