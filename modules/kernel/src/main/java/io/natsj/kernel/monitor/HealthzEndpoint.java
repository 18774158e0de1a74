package io.natsj.kernel.monitor;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Serves /healthz. natsj has no JetStream yet, so, like nats-server without JetStream
 * configured, it is healthy as soon as it accepts clients whatever {@code js-enabled-only}
 * or {@code js-server-only} ask; the parameters are still checked to be booleans.
 */
final class HealthzEndpoint implements MonitorEndpoint {

    static final String PATH = "/healthz";

    private final HttpRequestStats requests;

    HealthzEndpoint(HttpRequestStats requests) {
        this.requests = requests;
    }

    @Override
    public MonitorResponse handle(QueryParams q) throws BadRequestException {
        requests.count(PATH);
        q.bool("js-enabled");
        q.bool("js-enabled-only");
        q.bool("js-server-only");
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
