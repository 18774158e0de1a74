package io.natsj.spi;

/**
 * Who this server is, as plugins need it: for log lines, for INFO blocks they send on their
 * own listeners (routes, gateways, leaf nodes) and for self-connection detection.
 */
public interface ServerIdentity {

    /** @return the server id, an NKey public key starting with {@code N} */
    String serverId();

    /** @return the server name ({@code server_name}; the id when none is configured) */
    String serverName();

    /** @return the nats-server version whose behaviour this server implements */
    String compatibleVersion();

    /** @return natsj's own version */
    String natsjVersion();
}
