package io.natsj.spi.service;

/**
 * Who published a message, as JetStream's audit advisories and API responses name a client
 * (nats-server's {@code ClientInfo}).
 *
 * @param account the publisher's account
 * @param clientId the connection id, 0 for internal clients and peers
 * @param host the client's IP address, or "" when not a network client
 * @param name the name the client gave in CONNECT, or ""
 * @param user the user it authenticated as, or ""
 * @param lang the client library's language, or ""
 * @param version the client library's version, or ""
 */
public record PublisherInfo(String account, long clientId, String host, String name, String user, String lang,
                            String version) {
}
