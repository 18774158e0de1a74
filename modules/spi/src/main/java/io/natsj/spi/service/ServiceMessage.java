package io.natsj.spi.service;

/**
 * A message delivered to an internal subscription.
 *
 * @param subject the subject published to
 * @param reply the reply subject, or null
 * @param headers the header block, or null when the message has none
 * @param payload the payload
 * @param client who published it (a network client, a peer's client or an internal one)
 */
public record ServiceMessage(String subject, String reply, byte[] headers, byte[] payload, PublisherInfo client) {
}
