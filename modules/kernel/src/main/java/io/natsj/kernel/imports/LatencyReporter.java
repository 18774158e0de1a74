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
import io.natsj.spi.topology.wire.GatewayReply;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
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
 *
 * <p>Across servers, as nats-server 2.9.10: a measured request's reply carries this server's
 * hash ({@code _R_.….<hash>.T}); the responder's server remembers it when delivering to its
 * client and, when the client answers, sends its half (responder, service time) in the system
 * account to {@code $SYS.LATENCY.M2.<hash>}. Here the two halves meet, in either order, and are
 * merged as nats-server's {@code merge}: the responder and service time from there, the system
 * time backed out of the difference.
 */
final class LatencyReporter {

    private static final ObjectMapper READER = new ObjectMapper();
    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";
    private static final long HALF_KEPT_NANOS = Duration.ofMinutes(2).toNanos();

    /** One half of a measurement across servers, waiting for the other. */
    private record Half(LatencyTracking tracking, long requestorRtt, long serviceRtt, JsonNode remote, long deadline) {
    }

    private final Map<Account, InternalClient> clients = new ConcurrentHashMap<>();
    private final Map<String, Half> halves = new ConcurrentHashMap<>();
    private final ReplyWatches replies = new ReplyWatches();
    private volatile String serverName = "";
    private volatile boolean enabled = true;
    private volatile String hash;
    private volatile InternalClient system;

    /**
     * @param serverName the name responders' client info carries, hashed into tracked replies
     * @param systemAccount the system account, or null: nats-server refuses latency tracking
     *        without one
     */
    void configure(String serverName, Account systemAccount) {
        this.serverName = serverName;
        this.enabled = systemAccount != null;
        if (systemAccount != null) {
            this.hash = SystemHash.of(serverName);
            InternalClient client = new InternalClient(systemAccount, "latency");
            client.subscribe("$SYS.LATENCY.M2." + hash, null, m -> remoteHalf(m.payload()));
            this.system = client;
        }
    }

    /** @return what a measured request's reply ends with ({@code .<hash>.T}), or "" without a system account */
    String trackedSuffix() {
        String h = hash;
        return h == null ? "" : "." + h + ".T";
    }

    boolean enabled() {
        return enabled;
    }

    /**
     * A request crosses a tracked import: decides whether it is measured and, if so, starts.
     *
     * @return the measurement, or null when this request is not sampled
     */
    LatencyTracking start(Account exporter, Account importer, ServiceLatency latency, boolean share,
                          InboundMessage m) {
        TraceSampling.Decision d = TraceSampling.decide(latency, m);
        if (!d.sampled()) {
            return null;
        }
        ClientConnection requestor = Republisher.connection(m);
        if (requestor != null && requestor.stats().rttNanos() == 0) {
            requestor.measureRtt();
        }
        Instant now = Instant.now();
        return new LatencyTracking(exporter, latency, requestor, importer.name(), share, System.nanoTime(),
                now.getEpochSecond() * 1_000_000_000L + now.getNano(), d.header());
    }

    /**
     * The responder answered: status 200 with the durations. An answer from a peer server
     * waits for that server's half.
     *
     * @param reqId the tracked reply the response came back on
     */
    void responded(LatencyTracking t, InboundMessage response, String reqId) {
        long now = System.nanoTime();
        long serviceRtt = now - t.startNanos();
        long reqRtt = t.requestorRtt();
        if (Republisher.fromPeer(response) && hash != null) {
            Half mine = new Half(t, reqRtt, serviceRtt, null, now + HALF_KEPT_NANOS);
            Half theirs = meet(reqId, mine);
            if (theirs != null) {
                merge(mine, theirs.remote());
            }
            return;
        }
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
        long total = reqRtt + serviceRtt;
        long system = 0;
        if (respRtt > 0) {
            system = Math.max(0, System.nanoTime() - now);
            total += system;
        }
        publish(t, reqRtt, 200, null, responderInfo, service, system, total);
    }

    /** The request reached no responder (503) or its response threshold passed (504). */
    void failed(LatencyTracking t, int status, String description) {
        publish(t, t.requestorRtt(), status, description, null, 0, 0, 0);
    }

    /** A sampled request without a reply subject: nats-server's 400. */
    void badRequest(Account exporter, Account importer, ServiceLatency latency, boolean share, InboundMessage m) {
        LatencyTracking t = start(exporter, importer, latency, share, m);
        if (t != null) {
            publish(t, t.requestorRtt(), 400, "Bad Request", null, 0, 0, 0);
        }
    }

    /** Remembers a measured request's reply in the requesting account, for the 408. */
    void watchReply(Account requester, String reply, ServiceResponses responses, String mapped, long deadline) {
        replies.watch(requester, reply, responses, mapped, deadline);
    }

    /** A subscription in the account went away (UNSUB): see {@link ReplyWatches#ended}. */
    void replyInterestEnded(Account account, String subject) {
        replies.ended(account, subject);
    }

    /**
     * Leaves a half for the other, or takes the other's.
     *
     * @return the other half when it was here first, else null
     */
    private Half meet(String reqId, Half half) {
        long now = System.nanoTime();
        halves.values().removeIf(h -> now - h.deadline() > 0);
        Half[] other = new Half[1];
        halves.compute(reqId, (k, present) -> {
            if (present == null) {
                return half;
            }
            other[0] = present;
            return null;
        });
        return other[0];
    }

    /** The responder's server sent its half ({@code $SYS.LATENCY.M2.<hash>}). */
    private void remoteHalf(byte[] payload) {
        JsonNode rl;
        try {
            rl = READER.readTree(payload);
        } catch (IOException e) {
            return;
        }
        String reqId = rl.path("req_id").asText("");
        if (reqId.startsWith(GatewayReply.PREFIX) && reqId.length() > GatewayReply.SUBJECT_OFFSET) {
            reqId = reqId.substring(GatewayReply.SUBJECT_OFFSET);
        }
        JsonNode m2 = rl.path("m2");
        Half theirs = new Half(null, 0, 0, m2, System.nanoTime() + HALF_KEPT_NANOS);
        Half mine = meet(reqId, theirs);
        if (mine != null) {
            merge(mine, m2);
        }
    }

    /** nats-server's {@code merge}: m1 is this server's half, m2 the responder's server's. */
    private void merge(Half m1, JsonNode m2) {
        JsonNode responder = m2.path("responder");
        long rtt = responder.path("rtt").asLong(0);
        long m2Service = m2.path("service").asLong(0);
        long system = Math.max(0, m1.serviceRtt() - (m2Service + rtt));
        publish(m1.tracking(), m1.requestorRtt(), 200, null, responder.isObject() ? responder : null,
                Math.max(0, m2Service), system, m1.requestorRtt() + m1.serviceRtt());
    }

    /**
     * This server's client answered a peer's tracked request: send the requestor's server this
     * half, in the system account, as nats-server's {@code remoteLatency}.
     */
    void sendRemoteHalf(ClientConnection responder, String account, String reply, long startNanos,
                        long startEpochNanos) {
        InternalClient client = system;
        int end = reply.length() - 2; // before ".T"
        int from = reply.lastIndexOf('.', end - 1);
        if (client == null || from < 0) {
            return;
        }
        long rtt = responder.stats().rttNanos();
        long service = Math.max(0, System.nanoTime() - startNanos - rtt);
        var m2 = new LatencyJson.Metric("", "", ZERO_TIME, 200, null, null, detailed(responder, rtt), null,
                utc(Instant.ofEpochSecond(0, startEpochNanos)), service, 0, service + rtt);
        client.publish("$SYS.LATENCY.M2." + reply.substring(from + 1, end), null, null,
                MonitorJson.compact(new LatencyJson.Remote(account, reply, m2)));
    }

    private void publish(LatencyTracking t, long reqRtt, int status, String description, Object responder,
                         long service, long system, long total) {
        long startEpoch = t.startEpochNanos() - reqRtt;
        // nats-server shows only the account and RTT unless the import shares its requestors.
        LatencyJson.ClientInfo requestor = t.share() && t.requestor() != null ? detailed(t.requestor(), reqRtt)
                : LatencyJson.ClientInfo.requestor(t.importer(), reqRtt);
        var metric = new LatencyJson.Metric(LatencyJson.TYPE, Nuid.next(), utc(Instant.now()), status, description,
                requestor, responder,
                t.header(), utc(Instant.ofEpochSecond(0, startEpoch)), service, system, total);
        InternalClient client = clients.computeIfAbsent(t.exporter(),
                acc -> new InternalClient(acc, "latency-" + acc.name()));
        client.publish(t.latency().subject(), null, null, MonitorJson.compact(metric));
    }

    private LatencyJson.ClientInfo detailed(ClientConnection c, long rtt) {
        var o = c.options();
        var remote = c.remoteAddress();
        String issuer = null;
        String nameTag = null;
        List<String> tags = null;
        if (o.jwt != null && !o.jwt.isEmpty()) {
            // The user JWT was verified at CONNECT; only its claims are read here.
            JsonNode claims = userClaims(o.jwt);
            issuer = claims.path("iss").asText(null);
            nameTag = claims.path("name").asText(null);
            JsonNode t = claims.path("nats").path("tags");
            if (t.isArray() && !t.isEmpty()) {
                tags = new ArrayList<>();
                for (JsonNode tag : t) {
                    tags.add(tag.asText());
                }
            }
        } else if (o.nkey != null && !o.nkey.isEmpty()) {
            issuer = c.account().name(); // nats-server: an NKey user's issuer is its account
        }
        return new LatencyJson.ClientInfo(utc(c.stats().started()),
                remote == null ? null : remote.getAddress().getHostAddress(), c.id(), c.account().name(), c.user(),
                o.name, o.lang, o.version, rtt, serverName, o.jwt, issuer, nameTag, tags, "Client", "nats");
    }

    private static JsonNode userClaims(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            return READER.createObjectNode();
        }
        try {
            return READER.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (IllegalArgumentException | IOException e) {
            return READER.createObjectNode();
        }
    }

    private static String utc(Instant t) {
        return GoFormat.time(t, ZoneOffset.UTC);
    }
}
