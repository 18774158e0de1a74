package io.natsj.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.natsj.tests.support.ServerProcesses;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One cluster test's servers and clients: started nodes and opened connections are closed
 * together, and the waits every cluster test needs (a condition, interest crossing a route)
 * poll with one deadline instead of sleeping. A test class registers it as an extension, which
 * closes it after each test: {@code @RegisterExtension final ClusterRun run = new ClusterRun();}.
 */
final class ClusterRun implements AutoCloseable, AfterEachCallback {

    /** How long any awaited condition may take. */
    static final Duration WAIT = Duration.ofSeconds(15);

    private final List<ClusterNode> nodes = new ArrayList<>();
    private final List<Connection> connections = new ArrayList<>();

    /**
     * @param node a started server, closed with the run
     * @return the server
     */
    ClusterNode add(ClusterNode node) {
        nodes.add(node);
        return node;
    }

    /**
     * Starts servers that join {@code seed} at once, in parallel, each given the seed's route
     * URL; every one that started is closed with the run, even when another failed.
     *
     * @param seed a started server, already added
     * @param joiners each starts one server from the seed's route URL
     * @return every server added so far, the seed first
     */
    @SafeVarargs
    final List<ClusterNode> startJoining(ClusterNode seed, Function<String, ClusterNode>... joiners) {
        List<CompletableFuture<ClusterNode>> started = new ArrayList<>();
        for (Function<String, ClusterNode> joiner : joiners) {
            started.add(CompletableFuture.supplyAsync(() -> joiner.apply(seed.routeUrl())));
        }
        RuntimeException failure = null;
        for (CompletableFuture<ClusterNode> node : started) {
            try {
                add(node.join());
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return nodes();
    }

    /** @return each server added so far with its server id, from /varz */
    Map<ClusterNode, String> serverIds() {
        Map<ClusterNode, String> ids = new HashMap<>();
        for (ClusterNode n : nodes) {
            ids.put(n, n.serverId());
        }
        return ids;
    }

    /** @return the servers added so far, in order */
    List<ClusterNode> nodes() {
        return List.copyOf(nodes);
    }

    /**
     * @param node a server
     * @param user a user whose password is its name, or null to connect without credentials
     * @return a jnats connection that does not reconnect, closed with the run
     */
    Connection connect(ClusterNode node, String user) throws Exception {
        Options.Builder options = Options.builder().server(node.clientUrl()).noReconnect()
                .connectionTimeout(Duration.ofSeconds(5));
        if (user != null) {
            options.userInfo(user, user);
        }
        Connection c = Nats.connect(options.build());
        connections.add(c);
        return c;
    }

    /**
     * @param c a connection opened elsewhere (with options of its own), closed with the run
     * @return the connection
     */
    Connection keep(Connection c) {
        connections.add(c);
        return c;
    }

    /**
     * @param condition polled until true
     * @param what what was awaited, for the failure
     */
    void await(BooleanSupplier condition, Supplier<String> what) {
        await(WAIT, condition, what);
    }

    /**
     * @param within how long the condition may take
     * @param condition polled until true
     * @param what what was awaited, for the failure
     */
    void await(Duration within, BooleanSupplier condition, Supplier<String> what) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out: " + what.get());
            }
            ServerProcesses.sleepBriefly();
        }
    }

    /** As {@link #await(BooleanSupplier, Supplier)}, describing every server's routes and log on failure. */
    void await(BooleanSupplier condition) {
        await(condition, this::describe);
    }

    /**
     * Counts the messages the subscriptions receive until {@code expected} have arrived (or
     * 10 s have gone), then for 300 ms more to catch any extra: how long each takes does not
     * matter, only the total.
     *
     * @param expected how many messages should arrive in all
     * @param subs the subscriptions, e.g. the members of a queue group
     * @return the messages received by all of them
     */
    static int collect(int expected, Subscription... subs) throws InterruptedException {
        int got = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (got < expected && System.nanoTime() < deadline) {
            for (Subscription s : subs) {
                while (s.nextMessage(Duration.ofMillis(20)) != null) {
                    got++;
                }
            }
        }
        for (Subscription s : subs) {
            while (s.nextMessage(Duration.ofMillis(300)) != null) {
                got++;
            }
        }
        return got;
    }

    /**
     * Waits until a message from {@code pub}'s server reaches {@code sub}: after that every
     * subscription {@code sub} made earlier is known there (interest travels in order).
     */
    void awaitRoute(Connection pub, Connection sub) throws Exception {
        String probe = "probe." + io.nats.client.NUID.nextGlobal();
        Subscription s = sub.subscribe(probe);
        sub.flush(WAIT);
        Message[] got = new Message[1];
        await(() -> {
            pub.publish(probe, new byte[0]);
            try {
                got[0] = s.nextMessage(Duration.ofMillis(50));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return got[0] != null;
        }, () -> "interest from " + sub.getConnectedUrl() + " never reached " + pub.getConnectedUrl() + describe());
        s.unsubscribe();
    }

    /**
     * Each server's client publishes 10 messages tagged {@code tag}; every client gets each
     * exactly once, and nothing without the tag (nothing from another account).
     *
     * @param cluster the servers
     * @param user the user every client connects as, or null
     * @param tag marks this exchange's messages
     */
    void exchangeBetweenAll(List<ClusterNode> cluster, String user, String tag) throws Exception {
        Map<ClusterNode, Connection> clients = new LinkedHashMap<>();
        Map<ClusterNode, Map<String, AtomicInteger>> received = new ConcurrentHashMap<>();
        for (ClusterNode n : cluster) {
            Connection c = connect(n, user);
            Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
            received.put(n, counts);
            c.createDispatcher(m -> counts.computeIfAbsent(new String(m.getData(), StandardCharsets.UTF_8),
                    k -> new AtomicInteger()).incrementAndGet()).subscribe("all.>");
            clients.put(n, c);
        }
        for (Connection pub : clients.values()) {
            for (Connection sub : clients.values()) {
                awaitRoute(pub, sub);
            }
        }
        for (Map.Entry<ClusterNode, Connection> e : clients.entrySet()) {
            for (int i = 0; i < 10; i++) {
                e.getValue().publish("all." + e.getKey().name(),
                        (tag + "-" + e.getKey().name() + "-" + i).getBytes(StandardCharsets.UTF_8));
            }
            e.getValue().flush(WAIT);
        }
        int expected = 10 * cluster.size();
        await(() -> received.values().stream().allMatch(m -> m.size() == expected), () -> tag + " received " + received);
        // Give a stray duplicate the time to arrive before counting.
        for (Connection c : clients.values()) {
            c.flush(WAIT);
        }
        for (Map.Entry<ClusterNode, Map<String, AtomicInteger>> e : received.entrySet()) {
            for (Map.Entry<String, AtomicInteger> m : e.getValue().entrySet()) {
                assertTrue(m.getKey().startsWith(tag + "-"), e.getKey() + " in " + tag + " got " + m.getKey());
                assertEquals(1, m.getValue().get(), e.getKey() + " got " + m.getKey() + " more than once");
            }
        }
    }

    /** @return every server's routes and log */
    String describe() {
        StringBuilder sb = new StringBuilder();
        for (ClusterNode n : nodes) {
            sb.append("\n").append(n).append(" routes ").append(n.routeIds()).append("\n--- log:\n").append(n.log());
        }
        return sb.toString();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    /** Closes every connection, then stops every server. */
    @Override
    public void close() {
        for (Connection c : connections) {
            try {
                c.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        nodes.forEach(ClusterNode::close);
    }
}
