package io.natsj.tests.support;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The server implementations a test can run against. Every protocol test runs against both: the Go
 * run proves the expectation is nats-server's real behaviour, the natsj run checks the product.
 * The system property {@code natsj.test.targets} (comma list of {@code natsj,nats-server})
 * restricts the set.
 */
public enum Target {
    NATSJ("natsj"),
    NATS_SERVER("nats-server");

    private final String id;

    Target(String id) {
        this.id = id;
    }

    /** @return the name used in {@code natsj.test.targets} and in test display names */
    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }

    /**
     * Starts this implementation with the given settings.
     *
     * @param config settings in the syntax both HOCON and nats-server accept
     * @return the running server
     */
    public ServerUnderTest start(String config) {
        return start(config, -1);
    }

    /**
     * Starts this implementation on a chosen port (used to restart on the same port).
     *
     * @param config settings in the syntax both HOCON and nats-server accept (without {@code port})
     * @param port the port, or -1 for a free one
     * @return the running server
     */
    public ServerUnderTest start(String config, int port) {
        return switch (this) {
            case NATSJ -> NatsjServer.start(config, port);
            case NATS_SERVER -> GoNatsServer.start(config, port);
        };
    }

    /** @return the targets enabled by {@code natsj.test.targets}; the default is all */
    public static Stream<Target> enabled() {
        String prop = System.getProperty("natsj.test.targets", "").trim();
        if (prop.isEmpty()) {
            return Arrays.stream(values());
        }
        Set<String> wanted = Arrays.stream(prop.split(","))
                .map(s -> s.trim().toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        return Arrays.stream(values()).filter(t -> wanted.contains(t.id));
    }
}
