package io.natsj.kernel.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.natsj.kernel.account.Account;
import io.natsj.kernel.client.InternalClient;
import io.natsj.kernel.monitor.BadRequestException;
import io.natsj.kernel.monitor.MessageTotals;
import io.natsj.kernel.monitor.MonitorApi;
import io.natsj.kernel.monitor.MonitorJson;
import io.natsj.kernel.server.Server;
import io.natsj.kernel.server.ServerStats;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * Answers the server requests of the system account: {@code $SYS.REQ.SERVER.PING} (every
 * server's STATSZ), {@code $SYS.REQ.SERVER.PING.<ENDPOINT>} (every server) and
 * {@code $SYS.REQ.SERVER.<id>.<ENDPOINT>} (this server), for STATSZ, VARZ, CONNZ, SUBSZ and
 * HEALTHZ. Only these subjects are subscribed, so a request for an endpoint natsj does not
 * answer gets no responders rather than silence.
 */
final class SystemRequests {

    static final List<String> ENDPOINTS = List.of("STATSZ", "VARZ", "CONNZ", "SUBSZ", "HEALTHZ");
    /**
     * Made on the first request with a body (or peer report, {@link AccountConnsExchange}): an
     * ObjectMapper's set-up is 5 ms of every start.
     */
    static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private final Server server;
    private final InternalClient client;
    private final SystemIdentity identity;
    private final MonitorApi monitor;

    SystemRequests(Server server, InternalClient client, SystemIdentity identity) {
        this.server = server;
        this.client = client;
        this.identity = identity;
        this.monitor = new MonitorApi(server);
    }

    void subscribe() {
        client.subscribe("$SYS.REQ.SERVER.PING", null, m -> answer("STATSZ", m));
        for (String endpoint : ENDPOINTS) {
            client.subscribe("$SYS.REQ.SERVER.PING." + endpoint, null, m -> answer(endpoint, m));
            client.subscribe("$SYS.REQ.SERVER." + identity.id() + "." + endpoint, null, m -> answer(endpoint, m));
        }
    }

    private void answer(String endpoint, io.natsj.spi.service.ServiceMessage request) {
        if (request.reply() == null) {
            return;
        }
        byte[] body;
        if (endpoint.equals("STATSZ")) {
            body = MonitorJson.compact(new EventJson.StatszMessage(identity.next(), statsz()));
        } else {
            EventJson.ApiResponse response;
            try {
                JsonNode data = monitor.request(endpoint, options(request.payload()));
                response = new EventJson.ApiResponse(identity.next(), data, null);
            } catch (BadRequestException | IOException e) {
                response = new EventJson.ApiResponse(identity.next(), null, new EventJson.ApiError(400, e.getMessage()));
            }
            body = MonitorJson.compact(response);
        }
        client.publish(request.reply(), null, null, body);
    }

    private static JsonNode options(byte[] payload) throws IOException {
        return payload.length == 0 ? null : Json.MAPPER.readTree(payload);
    }

    private EventJson.Statsz statsz() {
        ServerStats stats = server.stats();
        MessageTotals totals = MessageTotals.of(server);
        int activeAccounts = 0;
        for (Account acc : server.accounts().all()) {
            if (acc.connections() > 0) {
                activeAccounts++;
            }
        }
        return new EventJson.Statsz(SystemEvents.utc(Instant.ofEpochMilli(server.startedMillis())),
                monitor.process().residentBytes(), Runtime.getRuntime().availableProcessors(),
                monitor.process().cpuPercent(), totals.connections(), stats.totalConnections(), activeAccounts,
                server.accounts().subscriptionCount(), new EventJson.DataStats(totals.outMsgs(), totals.outBytes()),
                new EventJson.DataStats(totals.inMsgs(), totals.inBytes()),
                stats.slowConsumers(), 1);
    }
}
