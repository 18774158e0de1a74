package io.natsj.kernel.monitor;

import io.natsj.config.GoFormat;
import io.natsj.kernel.server.Server;
import io.natsj.spi.service.Service;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Serves a service plugin's page (/jsz for JetStream): the plugin shapes the answer as
 * nats-server shapes it, and the kernel writes it as JSON. Without the service running the
 * page answers as nats-server does when the feature is off: the server's identity and
 * {@code "disabled": true}.
 */
final class ServiceEndpoint implements MonitorEndpoint {

    private final Server server;
    private final HttpRequestStats requests;
    private final String name;
    private final String path;

    ServiceEndpoint(Server server, HttpRequestStats requests, String name) {
        this.server = server;
        this.requests = requests;
        this.name = name;
        this.path = "/" + name;
    }

    String path() {
        return path;
    }

    @Override
    public MonitorResponse handle(QueryParams query) throws BadRequestException {
        requests.count(path);
        for (Service s : server.services()) {
            if (name.equals(s.monitorName())) {
                try {
                    return MonitorResponse.json(MonitorJson.indented(s.monitor(query::get)));
                } catch (IllegalArgumentException e) {
                    throw new BadRequestException(e.getMessage());
                }
            }
        }
        Map<String, Object> off = new LinkedHashMap<>();
        off.put("server_id", server.serverId());
        off.put("now", GoFormat.time(Instant.now(), ZoneOffset.UTC));
        off.put("disabled", true);
        return MonitorResponse.json(MonitorJson.indented(off));
    }
}
