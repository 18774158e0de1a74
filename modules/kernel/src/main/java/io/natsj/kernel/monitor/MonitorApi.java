package io.natsj.kernel.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.natsj.kernel.server.Server;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;

/**
 * The monitoring endpoints without HTTP, for the system account's {@code $SYS.REQ.SERVER}
 * requests: the same answers /varz, /connz, /subsz and /healthz give, as JSON trees to embed
 * in nats-server's {@code {"server":…,"data":…}} envelope. Requests here are not counted in
 * /varz's {@code http_req_stats}, as nats-server does not count them.
 */
public final class MonitorApi {

    /** Made on the first request: an ObjectMapper's set-up is 8 ms of CPU, too much for every start. */
    private static final class Trees {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private final Map<String, MonitorEndpoint> endpoints;
    private final ProcessUsage process = new ProcessUsage();

    /** @param server the running server */
    public MonitorApi(Server server) {
        HttpRequestStats uncounted = new HttpRequestStats();
        this.endpoints = Map.of(
                "VARZ", new VarzEndpoint(server, uncounted, process, server::monitorPortOrZero),
                "CONNZ", new ConnzEndpoint(server, uncounted),
                "SUBSZ", new SubszEndpoint(server, uncounted),
                "HEALTHZ", new HealthzEndpoint(server, uncounted));
    }

    /**
     * @param name an endpoint name as the system subjects spell it ({@code VARZ}, …)
     * @return true when it is one this server answers
     */
    public boolean answers(String name) {
        return endpoints.containsKey(name);
    }

    /**
     * @param name an endpoint name ({@code VARZ}, {@code CONNZ}, {@code SUBSZ}, {@code HEALTHZ})
     * @param options the request's JSON options (nats-server's {@code ConnzOptions} and
     *        friends), or null
     * @return the answer's JSON
     * @throws BadRequestException when the options are refused, with nats-server's text
     */
    public JsonNode request(String name, JsonNode options) throws BadRequestException {
        MonitorEndpoint endpoint = endpoints.get(name);
        if (endpoint == null) {
            throw new IllegalArgumentException("no endpoint " + name);
        }
        MonitorResponse response = endpoint.handle(new QueryParams(new QueryStringDecoder(query(options))));
        try {
            return Trees.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the server's resident memory and CPU use, for STATSZ */
    public ProcessUsage process() {
        return process;
    }

    /**
     * Turns the JSON options into the query the HTTP endpoints read: the JSON names of
     * nats-server's option structs where they differ from the query names.
     */
    private static String query(JsonNode options) {
        StringBuilder q = new StringBuilder("/?");
        if (options == null || !options.isObject()) {
            return q.toString();
        }
        options.fields().forEachRemaining(e -> {
            String key = e.getKey().toLowerCase(Locale.ROOT);
            JsonNode v = e.getValue();
            String value = v.isTextual() ? v.asText() : v.toString();
            switch (key) {
                case "subscriptions" -> {
                    if (v.asBoolean()) {
                        add(q, "subs", "1");
                    }
                }
                case "subscriptions_detail" -> {
                    if (v.asBoolean()) {
                        add(q, "subs", "detail");
                    }
                }
                case "account" -> add(q, "acc", value);
                default -> add(q, key, value);
            }
        });
        return q.toString();
    }

    private static void add(StringBuilder q, String key, String value) {
        if (q.length() > 2) {
            q.append('&');
        }
        q.append(java.net.URLEncoder.encode(key, java.nio.charset.StandardCharsets.UTF_8)).append('=')
                .append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));
    }
}
