package io.natsj.kernel.monitor;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Serves /healthz: healthy as soon as the server accepts clients, unless a service plugin
 * (JetStream) says otherwise for the query ({@code js-enabled-only}, {@code js-server-only}),
 * which then answers 503 with nats-server's {@code unavailable} status and the reason.
 */
final class HealthzEndpoint implements MonitorEndpoint {

    static final String PATH = "/healthz";

    private final io.natsj.kernel.server.Server server;
    private final HttpRequestStats requests;

    HealthzEndpoint(io.natsj.kernel.server.Server server, HttpRequestStats requests) {
        this.server = server;
        this.requests = requests;
    }

    @Override
    public MonitorResponse handle(QueryParams q) throws BadRequestException {
        requests.count(PATH);
        q.bool("js-enabled");
        q.bool("js-enabled-only");
        q.bool("js-server-only");
        for (io.natsj.spi.service.Service s : server.services()) {
            var problem = s.unhealthy(q::get);
            if (problem.isPresent()) {
                return new MonitorResponse(io.netty.handler.codec.http.HttpResponseStatus.SERVICE_UNAVAILABLE,
                        MonitorResponse.JSON, MonitorJson.compact(new HealthStatus("unavailable", problem.get())), true);
            }
        }
        return MonitorResponse.json(Ok.BODY);
    }

    /** Made on the first request: serialising at class set-up put Jackson on every start's path. */
    private static final class Ok {
        static final byte[] BODY = MonitorJson.compact(new HealthStatus("ok", null));
    }

    /**
     * The health answer.
     *
     * @param status {@code ok}, or nats-server's failure states
     * @param error why not ok, null (omitted) when ok
     */
    record HealthStatus(@JsonProperty("status") String status, @JsonProperty("error") String error) {
    }
}
