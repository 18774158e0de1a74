package io.natsj.spi.topology;

/**
 * A running topology plugin. Closing it drops its peer connections and stops its listener.
 */
public interface Topology extends AutoCloseable {

    /** @return the monitoring endpoint name this topology reports under, e.g. {@code routez} */
    String monitorName();

    /** Drops every peer connection and stops listening. */
    @Override
    void close();
}
