package io.natsj.kernel.monitor;

import io.natsj.config.GoFormat;
import io.natsj.kernel.client.ClientLimits;
import io.natsj.kernel.server.Server;
import io.natsj.kernel.server.ServerOptions;
import io.natsj.kernel.server.ServerStats;
import io.natsj.kernel.server.Versions;
import io.natsj.spi.topology.Topology;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * Serves /varz: the server's options, identity and totals.
 */
final class VarzEndpoint implements MonitorEndpoint {

    static final String PATH = "/varz";
    /** The client protocol version natsj speaks. */
    private static final int PROTO = 1;
    // natsj has no auth_timeout or tls timeout option yet; these are nats-server's defaults.
    private static final double AUTH_TIMEOUT_SECONDS = 2;
    private static final double TLS_TIMEOUT_SECONDS = 2;

    private final Server server;
    private final HttpRequestStats requests;
    private final ProcessUsage process;
    private final IntSupplier httpPort;

    VarzEndpoint(Server server, HttpRequestStats requests, ProcessUsage process, IntSupplier httpPort) {
        this.server = server;
        this.requests = requests;
        this.process = process;
        this.httpPort = httpPort;
    }

    @Override
    public MonitorResponse handle(QueryParams query) {
        double cpu = process.cpuPercent();
        long mem = process.residentBytes();
        requests.count(PATH);
        return MonitorResponse.json(MonitorJson.indented(varz(cpu, mem)));
    }

    Varz varz(double cpu, long mem) {
        ServerOptions options = server.options();
        ClientLimits limits = options.limits();
        ServerStats stats = server.stats();
        Instant now = Instant.now();
        Instant start = Instant.ofEpochMilli(server.startedMillis());
        ZoneId local = ZoneId.systemDefault();
        int cores = Runtime.getRuntime().availableProcessors();
        MessageTotals totals = MessageTotals.of(server);
        return new Varz(
                server.serverId(), server.serverName(), Versions.NATS_COMPAT, Versions.NATSJ, PROTO,
                Runtime.version().toString(), options.host(), server.clientPort(),
                trueOrNull(server.authentication().required()), trueOrNull(server.tlsRequiredInInfo()),
                trueOrNull(server.tls() != null && server.tls().verifyClients()),
                server.clientConnectUrls().isEmpty() ? null : server.clientConnectUrls(),
                options.maxConnections(), limits.maxSubscriptions() > 0 ? limits.maxSubscriptions() : null,
                limits.pingInterval().toNanos(), limits.pingMax(),
                options.monitorHost(), httpPort.getAsInt(), "", 0,
                AUTH_TIMEOUT_SECONDS, limits.maxControlLine(), limits.maxPayload(), limits.maxPending(),
                topologySection("routez"), topologySection("gatewayz"), topologySection("leafz"),
                Map.of(), server.listenerVarz("websocket"), serviceSection("jetstream"),
                TLS_TIMEOUT_SECONDS, limits.writeDeadline().toNanos(),
                GoFormat.time(start, local), GoFormat.time(now, ZoneOffset.UTC),
                GoFormat.uptime(Duration.between(start, now)),
                mem, cores, cores, cpu,
                totals.connections(), stats.totalConnections(), peers("routez"), peers("routez"), peers("leafz"),
                totals.inMsgs(), totals.outMsgs(), totals.inBytes(), totals.outBytes(),
                stats.slowConsumers(), server.accounts().subscriptionCount(),
                requests.snapshot(), GoFormat.time(start, local),
                server.system().account() == null ? null : server.system().account().name());
    }

    /** nats-server's omitempty booleans: present only when true. */
    private static Boolean trueOrNull(boolean value) {
        return value ? Boolean.TRUE : null;
    }

    private Map<String, Object> topologySection(String monitorName) {
        return topology(monitorName).map(Topology::varz).orElse(Map.of());
    }

    private Map<String, Object> serviceSection(String varzName) {
        for (io.natsj.spi.service.Service s : server.services()) {
            if (varzName.equals(s.varzName())) {
                return s.varz();
            }
        }
        return Map.of();
    }

    private int peers(String monitorName) {
        return topology(monitorName).map(Topology::peerCount).orElse(0);
    }

    private Optional<Topology> topology(String monitorName) {
        return server.topologies().stream().filter(t -> t.monitorName().equals(monitorName)).findFirst();
    }
}
