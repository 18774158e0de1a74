package io.natsj.kernel.peer;

import io.natsj.spi.topology.Topology;
import io.natsj.spi.topology.TopologyProvider;
import io.natsj.spi.topology.TopologyRequest;
import java.util.Map;
import java.util.function.Function;

/**
 * A topology plugin for kernel tests: started by a {@code test_peers {}} section, it keeps
 * the request so that a test can act as a peer server through the kernel's services.
 */
public final class FakeTopologyProvider implements TopologyProvider {

    static volatile TopologyRequest lastRequest;

    @Override
    public String name() {
        return "test-peers";
    }

    @Override
    public String configKey() {
        return "test_peers";
    }

    @Override
    public Topology start(TopologyRequest request) {
        lastRequest = request;
        return new Topology() {
            @Override
            public String monitorName() {
                return "testz";
            }

            @Override
            public Map<String, Object> monitor(Function<String, String> query) {
                return Map.of();
            }

            @Override
            public Map<String, Object> varz() {
                return Map.of();
            }

            @Override
            public int peerCount() {
                return 0;
            }

            @Override
            public void close() {
            }
        };
    }
}
