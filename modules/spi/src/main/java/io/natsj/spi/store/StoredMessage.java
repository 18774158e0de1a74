package io.natsj.spi.store;

/**
 * One message as a stream keeps it. The arrays belong to the caller once returned by a store:
 * a store must not change them afterwards.
 *
 * @param sequence the stream sequence, from 1
 * @param subject the subject it was published to
 * @param headers the NATS header block ({@code NATS/1.0\r\n…\r\n\r\n}), empty when none
 * @param payload the message body
 * @param timestampNanos when it was stored, nanoseconds since the epoch
 */
public record StoredMessage(long sequence, String subject, byte[] headers, byte[] payload,
                            long timestampNanos) {
}
