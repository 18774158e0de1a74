/**
 * Topology: how servers join each other. Routes make a cluster, gateways join clusters into a
 * super-cluster, leaf nodes extend a cluster. Each is a
 * {@link io.natsj.spi.topology.TopologyProvider} given its own section ({@code cluster},
 * {@code gateway}, {@code leafnodes}).
 */
package io.natsj.spi.topology;
