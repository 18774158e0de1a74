/**
 * The wire protocol servers speak to each other. Routes, gateways and leaf nodes are close
 * relatives of one line protocol ({@code INFO}, {@code CONNECT}, {@code PING}/{@code PONG},
 * {@code RS+}/{@code RS-}, {@code LS+}/{@code LS-}, {@code RMSG}/{@code HMSG}/{@code LMSG}), so
 * their plugins share one decoder ({@link io.natsj.spi.topology.wire.WireDecoder}, reporting to
 * a {@link io.natsj.spi.topology.wire.WireHandler}) and one frame writer
 * ({@link io.natsj.spi.topology.wire.WireFrames}) instead of each keeping a copy. What differs
 * (the handshake, which operations a connection may carry, the trace) stays in the plugin.
 */
package io.natsj.spi.topology.wire;
