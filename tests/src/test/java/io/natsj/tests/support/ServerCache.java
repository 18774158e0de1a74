package io.natsj.tests.support;

import java.util.EnumMap;
import java.util.Map;

/**
 * One server per target, shared by the tests of a class (state such as subscriptions is
 * per-connection, so sharing is safe and keeps the suite fast). Close it in {@code @AfterAll}.
 */
public final class ServerCache implements AutoCloseable {

    private final String config;
    private final Map<Target, ServerUnderTest> servers = new EnumMap<>(Target.class);

    /** @param config settings for every server this cache starts */
    public ServerCache(String config) {
        this.config = config;
    }

    /** @return the running server for the target, started on first use */
    public synchronized ServerUnderTest get(Target target) {
        return servers.computeIfAbsent(target, t -> t.start(config));
    }

    @Override
    public synchronized void close() {
        servers.values().forEach(ServerUnderTest::close);
        servers.clear();
    }
}
