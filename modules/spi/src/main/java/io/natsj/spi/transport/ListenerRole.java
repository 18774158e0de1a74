package io.natsj.spi.transport;

/**
 * What kind of peer a listener serves; it decides which protocol the kernel installs on the
 * connections the listener accepts.
 */
public enum ListenerRole {
    /** NATS clients (the {@code port} listener). */
    CLIENT,
    /** Other servers of the same cluster ({@code cluster.listen}). */
    ROUTE,
    /** Servers of other clusters ({@code gateway.listen}). */
    GATEWAY,
    /** Leaf-node servers soliciting this one ({@code leafnodes.listen}). */
    LEAF,
    /** MQTT clients ({@code mqtt.listen}). */
    MQTT
}
