package io.natsj.topology.routes;

import io.natsj.spi.topology.MessageSlice;

/**
 * The message of one RMSG/HMSG/LMSG as positions in the read buffer. One instance per
 * connection, refilled for every message, so receiving allocates nothing.
 */
final class RouteMessage extends MessageSlice {
}
