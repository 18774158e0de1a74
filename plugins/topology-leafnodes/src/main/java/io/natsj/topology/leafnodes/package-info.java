/**
 * Leaf nodes: the {@code leafnodes} section ({@link io.natsj.topology.leafnodes.LeafOptions},
 * {@link io.natsj.topology.leafnodes.LeafRemote}), the hub's and the leaf's connections
 * ({@link io.natsj.topology.leafnodes.LeafConnection}, {@link io.natsj.topology.leafnodes.LeafLink}),
 * the listener and the dialling ({@link io.natsj.topology.leafnodes.LeafNodes}) and /leafz.
 */
package io.natsj.topology.leafnodes;
