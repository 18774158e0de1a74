/**
 * Leaf nodes: the {@code leafnodes} section ({@link io.natsj.topology.leafnodes.LeafOptions},
 * {@link io.natsj.topology.leafnodes.LeafRemote}); the hub and leaf connections follow.
 */
package io.natsj.topology.leafnodes;
