/**
 * The kernel's side of connections to peer servers (routes, later gateways and leaf
 * nodes): a peer's interest as subscriptions in the accounts' subject indexes, messages to
 * the peer written by the topology plugin's {@link io.natsj.spi.topology.PeerLink} into an
 * outbound buffer the kernel flushes, and messages from the peer delivered to local
 * subscribers.
 */
package io.natsj.kernel.peer;
