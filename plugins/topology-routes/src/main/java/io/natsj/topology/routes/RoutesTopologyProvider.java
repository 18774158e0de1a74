package io.natsj.topology.routes;

import io.natsj.spi.topology.Topology;
import io.natsj.spi.topology.TopologyProvider;
import io.natsj.spi.topology.TopologyRequest;
/**
 * The {@code routes} topology: clustering with nats-server's route protocol, configured by the
 * {@code cluster} section (and nats-server's {@code --cluster}, {@code --routes},
 * {@code --cluster_name}, {@code --cluster_advertise}, {@code --no_advertise} flags, which the
 * config module maps onto it).
 */
public final class RoutesTopologyProvider implements TopologyProvider {

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public RoutesTopologyProvider() {
    }

    @Override
    public String name() {
        return "routes";
    }

    @Override
    public String configKey() {
        return "cluster";
    }

    /**
     * Checks the section, opens the route listener and starts dialling the configured routes.
     *
     * @param request the {@code cluster} section and the kernel's services
     * @return the running cluster
     * @throws io.natsj.spi.PluginException naming the key when the section is invalid or uses an
     *         option natsj does not build yet, or when the listener cannot open
     */
    @Override
    public Topology start(TopologyRequest request) {
        RouteCluster cluster = new RouteCluster(request, ClusterOptions.read(request.config()));
        cluster.start();
        return cluster;
    }

    /**
     * Checks the {@code cluster} section without opening anything.
     *
     * @param section the section
     * @throws io.natsj.spi.PluginException naming the key at fault
     */
    @Override
    public void check(com.typesafe.config.Config section) {
        ClusterOptions.read(section);
    }
}
