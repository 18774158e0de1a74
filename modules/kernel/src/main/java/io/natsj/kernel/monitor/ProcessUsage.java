package io.natsj.kernel.monitor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The process's resident memory and CPU use, for /varz's {@code mem} and {@code cpu}.
 *
 * <p>Like nats-server, CPU is the percentage of one core used over roughly the last second
 * (so it may exceed 100 on several cores), with one decimal; the first reading covers the
 * whole life of the process. It is sampled when asked, never by a timer.
 */
public final class ProcessUsage {

    private static final Path STATM = Path.of("/proc/self/statm");
    // nats-server multiplies by 4096 as well: the page size on every Linux it runs on.
    private static final long PAGE_SIZE = 4096;
    private static final long SAMPLE_WINDOW_NANOS = Duration.ofSeconds(1).toNanos();

    private long lastCpuNanos = -1;
    private long lastWallNanos;
    private double percent;

    /** @return resident set size in bytes; the JVM's heap size where /proc is missing */
    public long residentBytes() {
        try {
            String[] fields = Files.readString(STATM).trim().split("\\s+");
            return Long.parseLong(fields[1]) * PAGE_SIZE;
        } catch (IOException | RuntimeException e) {
            return Runtime.getRuntime().totalMemory();
        }
    }

    /** @return CPU percent of one core, one decimal, 0 when the platform does not tell */
    public synchronized double cpuPercent() {
        ProcessHandle.Info info = ProcessHandle.current().info();
        long cpu = info.totalCpuDuration().map(Duration::toNanos).orElse(-1L);
        if (cpu < 0) {
            return 0;
        }
        long wall = System.nanoTime();
        if (lastCpuNanos < 0) {
            long lifetime = info.startInstant()
                    .map(start -> Duration.between(start, Instant.now()).toNanos())
                    .orElse(0L);
            percent = ratio(cpu, lifetime);
        } else if (wall - lastWallNanos >= SAMPLE_WINDOW_NANOS) {
            percent = ratio(cpu - lastCpuNanos, wall - lastWallNanos);
        } else {
            return percent;
        }
        lastCpuNanos = cpu;
        lastWallNanos = wall;
        return percent;
    }

    private static double ratio(long cpuNanos, long wallNanos) {
        if (wallNanos <= 0 || cpuNanos <= 0) {
            return 0;
        }
        return Math.round(cpuNanos * 1000.0 / wallNanos) / 10.0;
    }
}
