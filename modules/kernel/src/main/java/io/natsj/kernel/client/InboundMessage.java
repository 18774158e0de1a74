package io.natsj.kernel.client;

import io.natsj.spi.topology.MessageSlice;

/**
 * A published message as it sits in the publisher's read buffer: positions only, never a
 * copy. One instance per connection is reused for every message, so that the publish path
 * allocates nothing; it is valid only while being routed.
 */
public final class InboundMessage extends MessageSlice {
}
