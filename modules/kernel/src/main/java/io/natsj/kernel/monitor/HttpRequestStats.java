package io.natsj.kernel.monitor;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many requests each endpoint has served, for /varz's {@code http_req_stats}. A path
 * appears once it has been asked for, and /subscriptionsz counts as /subsz, as in nats-server.
 */
public final class HttpRequestStats {

    private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();

    /**
     * @param path the endpoint's canonical path, e.g. {@code /varz}
     */
    public void count(String path) {
        counts.computeIfAbsent(path, p -> new LongAdder()).increment();
    }

    /** @return the counts by path, sorted as Go prints a map */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((path, n) -> out.put(path, n.sum()));
        return out;
    }
}
