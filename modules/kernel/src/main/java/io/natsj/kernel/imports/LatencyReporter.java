package io.natsj.kernel.imports;

import io.natsj.config.GoFormat;
import io.natsj.kernel.account.Account;
import io.natsj.kernel.account.ServiceLatency;
import io.natsj.kernel.client.ClientConnection;
import io.natsj.kernel.client.InboundMessage;
import io.natsj.kernel.client.InternalClient;
import io.natsj.kernel.client.Republisher;
import io.natsj.kernel.monitor.MonitorJson;
import io.natsj.kernel.system.Nuid;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Measures requests across tracked service imports and publishes nats-server 2.9.10's
 * {@code io.nats.server.metric.v1.service_latency} results in the exporting account, on the
 * export's results subject, through one internal client per exporting account.
 *
 * <p>The arithmetic is nats-server's {@code sendTrackingLatency}: {@code start} is when the
 * request crossed the import less the requestor's RTT; {@code service} is the time to the
 * response less the responder's RTT; {@code total} is the requestor's RTT plus the time to the
 * response, plus {@code system} (the time spent here after the response arrived) when the
 * responder's RTT is known; negative values become 0. An unknown RTT is measured with a PING
 * for the next request, as nats-server does.
 */
final class LatencyReporter {

    private final Map<Account, InternalClient> clients = new ConcurrentHashMap<>();
    private volatile String serverName = "";
    private volatile boolean enabled = true;

    /**
     * @param serverName the name responders' client info carries
     * @param systemAccount whether the server has a system account, without which nats-server
     *        refuses latency tracking
     */
    void configure(String serverName, boolean systemAccount) {
        this.serverName = serverName;
        this.enabled = systemAccount;
    }

    boolean enabled() {
        return enabled;
    }

    /**
     * A request crosses a tracked import: decides whether it is measured and, if so, starts.
     *
     * @return the measurement, or null when this request is not sampled
     */
    LatencyTracking start(Account exporter, Account importer, ServiceLatency latency, InboundMessage m) {
        TraceSampling.Decision d = TraceSampling.decide(latency, m);
        if (!d.sampled()) {
            return null;
        }
        ClientConnection requestor = Republisher.connection(m);
        long rtt = 0;
        if (requestor != null) {
            rtt = requestor.stats().rttNanos();
            if (rtt == 0) {
                requestor.measureRtt();
            }
        }
        Instant now = Instant.now();
        return new LatencyTracking(exporter, latency, importer.name(), rtt, System.nanoTime(),
                now.getEpochSecond() * 1_000_000_000L + now.getNano(), d.header());
    }

    /** The responder answered: status 200 with the durations. */
    void responded(LatencyTracking t, InboundMessage response) {
        long now = System.nanoTime();
        long serviceRtt = now - t.startNanos();
        ClientConnection responder = Republisher.connection(response);
        long respRtt = 0;
        LatencyJson.ClientInfo responderInfo = null;
        if (responder != null) {
            respRtt = responder.stats().rttNanos();
            if (respRtt == 0) {
                responder.measureRtt();
            }
            responderInfo = detailed(responder, respRtt);
        }
        long service = Math.max(0, serviceRtt - respRtt);
        long total = t.requestorRttNanos() + serviceRtt;
        long system = 0;
        if (respRtt > 0) {
            system = Math.max(0, System.nanoTime() - now);
            total += system;
        }
        publish(t, 200, null, responderInfo, service, system, total);
    }

    /** The request reached no responder (503) or its response threshold passed (504). */
    void failed(LatencyTracking t, int status, String description) {
        publish(t, status, description, null, 0, 0, 0);
    }

    /** A sampled request without a reply subject: nats-server's 400. */
    void badRequest(Account exporter, Account importer, ServiceLatency latency, InboundMessage m) {
        LatencyTracking t = start(exporter, importer, latency, m);
        if (t != null) {
            publish(t, 400, "Bad Request", null, 0, 0, 0);
        }
    }

    private void publish(LatencyTracking t, int status, String description, LatencyJson.ClientInfo responder,
                         long service, long system, long total) {
        long startEpoch = t.startEpochNanos() - t.requestorRttNanos();
        var metric = new LatencyJson.Metric(LatencyJson.TYPE, Nuid.next(), utc(Instant.now()), status, description,
                LatencyJson.ClientInfo.requestor(t.requestorAccount(), t.requestorRttNanos()), responder,
                t.header(), utc(Instant.ofEpochSecond(0, startEpoch)), service, system, total);
        InternalClient client = clients.computeIfAbsent(t.exporter(),
                acc -> new InternalClient(acc, "latency-" + acc.name()));
        client.publish(t.latency().subject(), null, null, MonitorJson.compact(metric));
    }

    private LatencyJson.ClientInfo detailed(ClientConnection c, long rtt) {
        var o = c.options();
        var remote = c.remoteAddress();
        return new LatencyJson.ClientInfo(utc(c.stats().started()),
                remote == null ? null : remote.getAddress().getHostAddress(), c.id(), c.account().name(), c.user(),
                o.name, o.lang, o.version, rtt, serverName, "Client", "nats");
    }

    private static String utc(Instant t) {
        return GoFormat.time(t, ZoneOffset.UTC);
    }
}
