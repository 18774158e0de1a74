package io.natsj.bench.run;

import io.natsj.bench.engine.BenchConnection;
import io.natsj.bench.engine.ClientEngine;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens N connections one after another (each one's handshake completed) and leaves them idle;
 * with a monitor URL, reads the server's resident memory before and after from /varz.
 */
final class IdleConnectionsRun {

    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(15);

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
                    open.add(engine.connect(target.url(), "bench-idle-" + i));
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            MonitorClient.Varz after = null;
            String problem = ScenarioRunner.firstError(open);
            if (monitor != null) {
                long wanted = before.connections() + count;
                after = monitor.awaitConnections(c -> c >= wanted, SETTLE_TIMEOUT);
                if (after.connections() < wanted) {
                    // The baseline may have counted a connection of the previous scenario that
                    // was still closing: judge against the baseline once these are closed too.
                    open.forEach(BenchConnection::close);
                    long settled = monitor.awaitConnections(c -> c <= before.connections() - 1, SETTLE_TIMEOUT)
                            .connections();
                    if (after.connections() - Math.min(settled, before.connections()) < count) {
                        problem = "server reports " + after.connections() + " connections, expected " + wanted;
                    }
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
