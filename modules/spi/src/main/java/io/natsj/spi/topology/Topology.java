package io.natsj.spi.topology;

/**
 * A running topology plugin. Closing it drops its peer connections and stops its listener.
 */
public interface Topology extends AutoCloseable {

    /** @return the monitoring endpoint name this topology reports under, e.g. {@code routez} */
    String monitorName();

    /**
     * The topology's monitoring answer ({@code /routez} for routes), as nats-server shapes
     * it: an ordered map the kernel writes as JSON.
     *
     * @param query the request's query parameters (a name to its value, "" when absent)
     * @return the answer
     */
    java.util.Map<String, Object> monitor(java.util.function.Function<String, String> query);

    /** @return the section /varz shows for this topology ({@code cluster} for routes) */
    java.util.Map<String, Object> varz();

    /**
     * @return the URLs peers reach this server's listener at ({@code nats://host:port}), for
     *         the ports file; empty without a listener
     */
    default java.util.List<String> listenUrls() {
        return java.util.List.of();
    }

    /**
     * @return how many peer connections are up now (/varz {@code routes}): one per peer, or
     *     several when a peer has a pool of connections (route pooling)
     */
    int peerCount();

    /**
     * The server entered lame duck mode: peers are told (routes send INFO with
     * {@code "ldm":true}) so that they stop sending clients here.
     */
    default void lameDuck() {
    }

    /** Drops every peer connection and stops listening. */
    @Override
    void close();
}
