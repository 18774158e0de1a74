package io.natsj.bench.run;

/**
 * A server under test.
 *
 * @param label      short name used in tables ({@code natsj}, {@code nats-server}, {@code A})
 * @param url        client URL
 * @param monitorUrl monitoring base URL for /varz, or null
 */
public record Target(String label, String url, String monitorUrl) {
}
