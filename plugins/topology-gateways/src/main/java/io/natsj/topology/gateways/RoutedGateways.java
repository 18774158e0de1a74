package io.natsj.topology.gateways;

import io.natsj.spi.topology.ClusterGateways;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gateways' side of what routes carry ({@link ClusterGateways}): the cluster's gateway
 * URLs changing makes inbound connections hear this server's INFO again, with the new
 * {@code gateway_urls}; a cluster a route peer is connected to is dialled as an implicit
 * gateway (nats-server's processImplicitGateway, which {@code reject_unknown_cluster} does not
 * stop, since the peer is of this cluster); a new route peer hears of the clusters this server
 * has outbound connections to.
 */
final class RoutedGateways implements ClusterGateways.GatewaySide {

    private final SuperCluster cluster;

    RoutedGateways(SuperCluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public void clusterUrlsChanged(List<String> urls) {
        cluster.resendInfo();
    }

    @Override
    public void learned(String gateway, List<String> urls) {
        cluster.implicit(gateway, urls, false);
    }

    @Override
    public Map<String, List<String>> outbound() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String name : cluster.outboundConnections().keySet()) {
            for (RemoteGateway r : cluster.remotes()) {
                if (r.name().equals(name)) {
                    out.put(name, r.urls());
                }
            }
        }
        return out;
    }
}
