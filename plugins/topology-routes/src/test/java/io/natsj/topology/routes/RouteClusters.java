package io.natsj.topology.routes;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The in-process route clusters of one test, on a fake kernel and two event loops of their own;
 * closed after each test with their loops:
 * {@code @RegisterExtension final RouteClusters clusters = new RouteClusters();}.
 */
final class RouteClusters implements AfterEachCallback {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final List<RouteCluster> started = new ArrayList<>();

    /**
     * @param local the fake kernel the cluster serves
     * @param section the {@code cluster} block
     * @return the started cluster
     */
    RouteCluster start(FakeLocalServer local, String section) {
        var request = local.request(section, group);
        RouteCluster cluster = new RouteCluster(request, ClusterOptions.read(request.config()));
        started.add(cluster);
        cluster.start();
        return cluster;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        started.forEach(RouteCluster::close);
        started.clear();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
