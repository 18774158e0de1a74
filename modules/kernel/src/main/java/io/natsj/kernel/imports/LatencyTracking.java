package io.natsj.kernel.imports;

import io.natsj.kernel.account.Account;
import io.natsj.kernel.account.ServiceLatency;
import io.natsj.kernel.client.ClientConnection;
import java.util.List;
import java.util.Map;

/**
 * One measured request across a tracked service import: when it entered the exporting
 * account, who asked, and the tracing headers that decided the sampling. Only sampled
 * requests of tracked imports create one.
 *
 * @param exporter the exporting account, where the result is published
 * @param latency the export's tracking
 * @param requestor the requesting network client, or null (an internal client); its RTT is
 *        read when the result is made, as nats-server reads it, so a PING sent for this
 *        request may have measured it by then
 * @param importer the requesting account's name
 * @param share whether the import shares the requestor's details
 * @param startNanos {@link System#nanoTime()} when the request crossed the import
 * @param startEpochNanos the wall clock at the same moment, in nanoseconds since the epoch
 * @param header the tracing headers that asked for the measurement, or null
 */
record LatencyTracking(Account exporter, ServiceLatency latency, ClientConnection requestor, String importer,
                       boolean share, long startNanos, long startEpochNanos, Map<String, List<String>> header) {

    /** @return the requestor's last measured round trip, 0 when unknown */
    long requestorRtt() {
        return requestor == null ? 0 : requestor.stats().rttNanos();
    }
}
