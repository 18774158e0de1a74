package io.natsj.jetstream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import io.natsj.config.ConfigValues;
import io.natsj.config.UsedVariables;
import io.natsj.spi.PluginException;
import java.util.Locale;
import java.util.Map;

/**
 * An account's JetStream limits, from its {@code jetstream} setting as nats-server's
 * parseJetStreamForAccount reads it; -1 is unlimited.
 *
 * @param maxMemory bytes of memory streams
 * @param maxStore bytes of file streams
 * @param maxStreams streams
 * @param maxConsumers consumers
 * @param maxAckPending acknowledgements pending per consumer
 * @param memoryMaxStreamBytes max_bytes a memory stream may set
 * @param storeMaxStreamBytes max_bytes a file stream may set
 * @param maxBytesRequired whether streams must set max_bytes
 */
record AccountLimits(long maxMemory, long maxStore, int maxStreams, int maxConsumers, int maxAckPending,
                     long memoryMaxStreamBytes, long storeMaxStreamBytes, boolean maxBytesRequired) {

    static final AccountLimits UNLIMITED = new AccountLimits(-1, -1, -1, -1, -1, -1, -1, false);

    /** nats-server's empty limits, shown where an account's limits are per tier. */
    static final AccountLimits NONE = new AccountLimits(0, 0, 0, 0, 0, 0, 0, false);

    /**
     * @param account the account's name, for messages
     * @param value its {@code jetstream} setting
     * @return the limits, or null when the setting disables JetStream
     */
    static AccountLimits read(String account, ConfigValue value) {
        Object raw = value.unwrapped();
        if (raw instanceof Boolean b) {
            return b ? UNLIMITED : null;
        }
        if (raw instanceof String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "enabled", "enable" -> UNLIMITED;
                case "disabled", "disable" -> null;
                default -> throw new PluginException("accounts." + account
                        + ".jetstream: Expected 'enabled' or 'disabled' for string value, got '" + s + "'");
            };
        }
        if (!(value instanceof ConfigObject block)) {
            throw new PluginException("accounts." + account + ".jetstream: expected map, bool or string");
        }
        Config c = block.toConfig();
        long mem = -1;
        long store = -1;
        long streams = -1;
        long consumers = -1;
        long ackPending = -1;
        long memStream = -1;
        long storeStream = -1;
        boolean required = false;
        for (Map.Entry<String, ConfigValue> e : block.entrySet()) {
            String path = com.typesafe.config.ConfigUtil.joinPath(e.getKey());
            switch (e.getKey().toLowerCase(Locale.ROOT)) {
                case "max_memory", "max_mem", "mem", "memory" -> mem = ConfigValues.sizeInBytes(c, path);
                case "max_store", "max_file", "max_disk", "store", "disk" -> store = ConfigValues.sizeInBytes(c, path);
                case "max_streams", "streams" -> streams = ConfigValues.longValue(c, path);
                case "max_consumers", "consumers" -> consumers = ConfigValues.longValue(c, path);
                case "max_ack_pending" -> ackPending = ConfigValues.longValue(c, path);
                case "mem_max_stream_bytes", "memory_max_stream_bytes" -> memStream = ConfigValues.sizeInBytes(c, path);
                case "disk_max_stream_bytes", "store_max_stream_bytes" -> storeStream = ConfigValues.sizeInBytes(c, path);
                case "max_bytes_required", "max_stream_bytes", "max_bytes" -> required = ConfigValues.bool(c, path);
                default -> {
                    if (!UsedVariables.isUsedVariable(e.getValue())) {
                        throw new PluginException("accounts." + account + ".jetstream: unknown field \""
                                + e.getKey() + "\"");
                    }
                }
            }
        }
        return new AccountLimits(mem, store, (int) streams, (int) consumers, (int) ackPending, memStream, storeStream,
                required);
    }

    /** @return the {@code limits} object of account info */
    ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.put("max_memory", maxMemory);
        n.put("max_storage", maxStore);
        n.put("max_streams", maxStreams);
        n.put("max_consumers", maxConsumers);
        n.put("max_ack_pending", maxAckPending);
        n.put("memory_max_stream_bytes", memoryMaxStreamBytes);
        n.put("storage_max_stream_bytes", storeMaxStreamBytes);
        n.put("max_bytes_required", maxBytesRequired);
        return n;
    }
}
