package io.natsj.bench.run;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A once-a-second progress line on standard error for runs lasting more than two seconds, so a
 * long run is visibly alive; short runs print nothing.
 */
public final class ProgressLine implements AutoCloseable {

    private static final long QUIET_MILLIS = 2000;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-progress");
        t.setDaemon(true);
        return t;
    });
    private final PrintStream out;
    private final boolean enabled;
    private final boolean terminal = System.console() != null;

    public ProgressLine(PrintStream out, boolean enabled) {
        this.out = out;
        this.enabled = enabled;
    }

    /** Starts reporting {@code done()} of {@code total} for one run; close the handle when it ends. */
    public Handle track(String label, LongSupplier done, long total) {
        if (!enabled) {
            return () -> { };
        }
        long start = System.nanoTime();
        boolean[] printed = {false};
        ScheduledFuture<?> task = timer.scheduleAtFixedRate(() -> {
            double seconds = (System.nanoTime() - start) / 1e9;
            long now = done.getAsLong();
            String totalText = total == Long.MAX_VALUE ? "" : " / " + total;
            String line = String.format("  %s: %d%s after %.1f s", label, now, totalText, seconds);
            synchronized (out) {
                out.print(terminal ? "\r" + line + "   " : line + System.lineSeparator());
                out.flush();
            }
            printed[0] = true;
        }, QUIET_MILLIS, 1000, TimeUnit.MILLISECONDS);
        return () -> {
            task.cancel(false);
            if (printed[0] && terminal) {
                synchronized (out) {
                    out.print("\r" + " ".repeat(78) + "\r");
                    out.flush();
                }
            }
        };
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** Stops one run's reporting. */
    @FunctionalInterface
    public interface Handle extends AutoCloseable {
        @Override
        void close();
    }
}
