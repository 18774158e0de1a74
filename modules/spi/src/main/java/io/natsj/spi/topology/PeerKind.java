package io.natsj.spi.topology;

/**
 * What a peer connection joins, given when its {@link PeerSession} is opened. The kernel
 * decides by it where a message goes next, as nats-server does, so that every message reaches
 * each server once without loops:
 *
 * <ul>
 *   <li>published by a local client: local subscribers, routes, gateways and leaf nodes with
 *       interest;</li>
 *   <li>from a {@link #ROUTE}: local subscribers and leaf nodes, never routes or gateways (the
 *       server the client is on sent it to every peer that needed it);</li>
 *   <li>from a {@link #GATEWAY}: local subscribers, routes (the rest of this cluster) and leaf
 *       nodes, never gateways (the origin cluster's server sent it to every cluster itself);</li>
 *   <li>from a {@link #LEAF}: as a local client's, except never back to that leaf, and only
 *       to the queue groups the leaf named (the leaf served the others on its side).</li>
 * </ul>
 *
 * <p>A queue group is served in this order: a local member, a member behind a route (the same
 * cluster), and only when the cluster has none, a member in another cluster (geo-affinity).
 */
public enum PeerKind {
    /** A server of the same cluster. */
    ROUTE,
    /** A server of another cluster of the super-cluster. */
    GATEWAY,
    /** A leaf node, or the hub a leaf node connects to. */
    LEAF
}
