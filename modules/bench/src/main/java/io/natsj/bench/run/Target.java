package io.natsj.bench.run;

/**
 * A server under test, or a pair of them when publishers and subscribers sit on different servers
 * of one topology (a route, a gateway or a leaf connection between them).
 *
 * @param label      short name used in tables ({@code natsj}, {@code nats-server}, {@code A})
 * @param url        client URL; publishers always connect here
 * @param monitorUrl monitoring base URL for /varz, or null
 * @param subUrl     client URL subscribers of pub/sub scenarios connect to; equal to {@code url}
 *                   on a single server
 */
public record Target(String label, String url, String monitorUrl, String subUrl) {

    /** A single server: publishers and subscribers on the same one. */
    public Target(String label, String url, String monitorUrl) {
        this(label, url, monitorUrl, url);
    }

    /** Whether subscribers sit on another server than publishers. */
    public boolean crossesServers() {
        return !url.equals(subUrl);
    }
}
