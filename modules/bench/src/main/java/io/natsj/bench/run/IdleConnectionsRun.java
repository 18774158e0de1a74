package io.natsj.bench.run;

import io.natsj.bench.engine.BenchConnection;
import io.natsj.bench.engine.ClientEngine;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Opens N connections one after another (each one's handshake completed) and leaves them idle;
 * with a monitor URL, reads the server's resident memory before and after from /varz.
 */
final class IdleConnectionsRun {

    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(15);
    private static final String NAME_PREFIX = "bench-idle-";
    /** Room in one /connz page for connections that are not this run's. */
    private static final int CONNZ_SLACK = 1_000;

    private final ClientEngine engine;
    private final ProgressLine progress;

    IdleConnectionsRun(ClientEngine engine, ProgressLine progress) {
        this.engine = engine;
        this.progress = progress;
    }

    RunResult run(ScenarioSpec spec, Target target) throws IOException {
        int count = spec.connections();
        MonitorClient monitor = target.monitorUrl() == null ? null : new MonitorClient(target.monitorUrl());
        MonitorClient.Varz before = monitor == null ? null : monitor.read();
        List<BenchConnection> open = new ArrayList<>(count);
        try {
            long start = System.nanoTime();
            try (var ignored = progress.track(target.label() + " " + spec.label(), open::size, count)) {
                for (int i = 0; i < count; i++) {
                    open.add(engine.connect(target.url(), NAME_PREFIX + i));
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            MonitorClient.Varz after = null;
            String problem = ScenarioRunner.firstError(open);
            if (monitor != null) {
                // Count this run's own connections by name: the /varz total may still include
                // connections of the previous scenario that are closing.
                long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
                long counted = monitor.countNamed(NAME_PREFIX, count + CONNZ_SLACK);
                while (counted < count && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(20_000_000);
                    counted = monitor.countNamed(NAME_PREFIX, count + CONNZ_SLACK);
                }
                after = monitor.read();
                if (counted < count) {
                    problem = "server lists " + counted + " of the " + count + " connections opened";
                }
            }
            Double perConnection = after == null ? null : (after.mem() - before.mem()) / (double) count;
            var figures = new RunResult.ConnectionFigures(count, count / seconds,
                    before == null ? null : before.mem(), after == null ? null : after.mem(),
                    before == null ? null : before.connections(), after == null ? null : after.connections(),
                    perConnection);
            return new RunResult(target.label(), count, count, open.size(), seconds, 0, 0, null, figures, problem);
        } finally {
            open.forEach(BenchConnection::close);
            if (monitor != null) {
                // Later runs must start from the same baseline.
                monitor.awaitConnections(c -> c <= before.connections(), SETTLE_TIMEOUT);
            }
        }
    }
}
