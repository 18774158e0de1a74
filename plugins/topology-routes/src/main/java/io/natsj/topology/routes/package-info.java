/**
 * Clustering over nats-server 2.9.10's route protocol ({@code cluster { }}).
 *
 * <p>{@link io.natsj.topology.routes.RoutesTopologyProvider} is the service provider. It reads
 * the section ({@code ClusterOptions}), and {@code RouteCluster} opens the listener, dials
 * routes ({@code RouteDialer}); {@code RouteRegistry} keeps the registered routes per peer (one, or with
 * {@code pool_size} N &gt; 1 and an agreeing peer, N: nats-server 2.10's route pooling, {@code RoutePool}),
 * duplicates and reconnects, {@code RouteGossip} gossip, implicit routes and pool dials, and
 * {@code PeerClientUrls} the client URLs the kernel advertises. Each connection is a
 * SPI's {@code WireDecoder} (the codec shared with gateways, a state machine over Netty's buffers) feeding a
 * {@code RouteConnection} (interest and messages to and from the kernel's
 * {@link io.natsj.spi.topology.PeerSession}), with its {@code RouteHandshake}, the SPI's {@code PeerKeepalive}
 * and {@code RouteSolicitation}; the SPI's {@code WireFrames} writes the bytes. The design
 * notes with the byte-level reference are in {@code docs/design/routes-protocol.md}.
 */
package io.natsj.topology.routes;
