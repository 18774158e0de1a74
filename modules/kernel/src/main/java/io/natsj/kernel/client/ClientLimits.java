package io.natsj.kernel.client;

import java.time.Duration;

/**
 * The per-connection limits of the client listener, from the server options.
 *
 * @param maxPayload largest message body accepted ({@code max_payload})
 * @param maxControlLine longest protocol line accepted ({@code max_control_line})
 * @param maxPending bytes a subscriber may have waiting before it is a slow consumer
 * @param maxSubscriptions subscriptions per connection, 0 for no limit
 * @param pingInterval how often the server pings an idle client
 * @param pingMax unanswered pings after which the connection is stale
 * @param writeDeadline how long a flush may stay unwritten before the client is slow
 */
public record ClientLimits(int maxPayload, int maxControlLine, long maxPending, int maxSubscriptions,
                           Duration pingInterval, int pingMax, Duration writeDeadline) {
}
