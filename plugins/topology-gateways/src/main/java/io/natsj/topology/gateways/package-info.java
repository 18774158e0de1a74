/**
 * Super-clusters over nats-server 2.9.10's gateway protocol ({@code gateway { }}).
 *
 * <p>{@link io.natsj.topology.gateways.GatewaysTopologyProvider} is the service provider. It
 * reads the section ({@code GatewayOptions}), and {@code SuperCluster} opens the listener,
 * knows the other clusters ({@code RemoteGateway}: configured, or discovered from INFO and
 * gossip) and dials one outbound connection to each. Each connection is the SPI's
 * {@code WireDecoder} (shared with routes) feeding a {@code GatewayConnection}: the handshake,
 * PING/PONG, and into the kernel's {@link io.natsj.spi.topology.PeerSession} (opened as a
 * {@link io.natsj.spi.topology.PeerKind#GATEWAY}) the other cluster's interest (outbound) or
 * messages (inbound). {@code GatewayLink} writes RMSG/HMSG with the SPI's {@code WireFrames}
 * ({@code OutboundInterest}: what a peer in optimistic mode refused, A-/RS-, with
 * {@code NoInterestSubjects}), and the cluster's interest ({@code InboundInterest}: every account
 * switched to interest-only mode, RS-/A- for optimistic messages nothing here takes, the switch
 * after 1,000 RS-). {@code GatewayzReport}
 * answers /gatewayz and the /varz {@code gateway} section.
 */
package io.natsj.topology.gateways;
