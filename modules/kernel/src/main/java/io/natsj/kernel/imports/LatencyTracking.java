package io.natsj.kernel.imports;

import io.natsj.kernel.account.Account;
import io.natsj.kernel.account.ServiceLatency;
import java.util.List;
import java.util.Map;

/**
 * One measured request across a tracked service import: when it entered the exporting
 * account, who asked, and the tracing headers that decided the sampling. Only sampled
 * requests of tracked imports create one.
 *
 * @param exporter the exporting account, where the result is published
 * @param latency the export's tracking
 * @param requestorAccount the requesting account's name
 * @param requestorRttNanos the requestor's last measured round trip, 0 when not yet measured
 * @param startNanos {@link System#nanoTime()} when the request crossed the import
 * @param startEpochNanos the wall clock at the same moment, in nanoseconds since the epoch
 * @param header the tracing headers that asked for the measurement, or null
 */
record LatencyTracking(Account exporter, ServiceLatency latency, String requestorAccount, long requestorRttNanos,
                       long startNanos, long startEpochNanos, Map<String, List<String>> header) {
}
