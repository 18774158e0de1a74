package io.natsj.spi.store;

import java.util.List;

/**
 * What a store holds now, as stream info reports it.
 *
 * @param messages messages held
 * @param bytes bytes held, each message counted as nats-server's store of the same kind counts
 *        it, so that stream info and {@code max_bytes} match nats-server: memory
 *        {@code subject + headers + payload + 16}; file {@code 22 + subject + payload + 8}, plus
 *        {@code 4 + headers} when there are headers
 * @param firstSequence the first sequence held; {@code lastSequence + 1} when empty
 * @param firstTimestampNanos when the first message held was stored, 0 when empty
 * @param lastSequence the last sequence ever assigned (kept when messages are removed), 0 when none
 * @param lastTimestampNanos when the last message was stored, 0 when none
 * @param subjects distinct subjects held
 * @param deleted the sequences between first and last that are gone (removed one by one,
 *        never stored, or lost to corruption), ascending
 * @param corrupted the sequences found damaged in storage and no longer served, ascending
 * @param corruptedBytes the bytes of storage those damaged sequences took (nats-server's
 *        {@code lost.bytes}): each damaged record's length, plus whatever was cut off with a
 *        damaged stretch of a block; 0 when nothing is damaged or the store keeps no bytes on
 *        a medium that can be damaged (memory)
 */
public record StreamState(long messages, long bytes, long firstSequence, long firstTimestampNanos,
                          long lastSequence, long lastTimestampNanos, long subjects, List<Long> deleted,
                          List<Long> corrupted, long corruptedBytes) {
}
