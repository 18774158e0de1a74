package io.natsj.jetstream;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import io.natsj.config.ConfigValues;
import io.natsj.config.UsedVariables;
import io.natsj.spi.PluginException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The server's {@code jetstream} section, read as nats-server reads it (opts.go
 * parseJetStream): {@code enabled}, {@code store_dir} (also top level), {@code max_memory_store},
 * {@code max_file_store}, {@code domain}, {@code sync_interval}. Unknown keys fail naming them;
 * nats-server keys natsj does not build (encryption, limits, unique_tag) fail as such.
 *
 * @param enabled whether JetStream runs
 * @param storeDir the {@code jetstream} directory under the configured store dir (nats-server
 *        appends it), or {@code $TMPDIR/nats/jetstream}
 * @param maxMemory bytes memory streams may hold together
 * @param maxStore bytes file streams may hold together
 * @param domain the JetStream domain, or "" for none
 * @param syncInterval how long appended messages may wait for stable storage (0: at once)
 */
record JetStreamSettings(boolean enabled, Path storeDir, long maxMemory, long maxStore, String domain,
                         Duration syncInterval) {

    /** nats-server's directory under {@code store_dir}. */
    static final String JETSTREAM_DIR = "jetstream";
    private static final long MAX_MEM_DEFAULT = 256L * 1024 * 1024;

    static JetStreamSettings read(Config section) {
        boolean enabled = true;
        String storeDir = "";
        long maxMem = -1;
        long maxFile = -1;
        String domain = "";
        Duration sync = Duration.ZERO;
        for (Map.Entry<String, ConfigValue> e : section.root().entrySet()) {
            String key = e.getKey();
            String path = com.typesafe.config.ConfigUtil.joinPath(key);
            switch (key.toLowerCase(Locale.ROOT)) {
                case "enabled", "enable" -> enabled = enabled(section, path, e.getValue());
                case "store", "store_dir", "storedir" -> storeDir = ConfigValues.string(section, path);
                case "max_memory_store", "max_mem_store", "max_mem" -> maxMem = ConfigValues.sizeInBytes(section, path);
                case "max_file_store", "max_file" -> maxFile = ConfigValues.sizeInBytes(section, path);
                case "domain" -> domain = ConfigValues.string(section, path);
                case "sync_interval", "sync" -> sync = ConfigValues.duration(section, path);
                case "key", "ek", "encryption_key", "cipher", "limits", "unique_tag", "extension_hint",
                     "max_outstanding_catchup" -> throw new PluginException(
                        "jetstream: \"" + key + "\" is not supported by natsj yet");
                default -> {
                    if (!UsedVariables.isUsedVariable(e.getValue())) {
                        throw new PluginException("jetstream: unknown field \"" + key + "\"");
                    }
                }
            }
        }
        if (!domain.isEmpty() && !StreamConfigCheck.isValidName(domain)) {
            throw new PluginException("invalid domain name: may not contain ., * or >");
        }
        Path dir = storeDir.isEmpty() ? Path.of(tempDir(), "nats", JETSTREAM_DIR) : Path.of(storeDir, JETSTREAM_DIR);
        if (maxMem < 0) {
            maxMem = defaultMaxMemory();
        }
        if (maxFile < 0) {
            maxFile = diskAvailable(dir);
        }
        return new JetStreamSettings(enabled, dir, maxMem, maxFile, domain, sync);
    }

    /** Go's os.TempDir on Unix: $TMPDIR, else /tmp (the JVM's java.io.tmpdir ignores $TMPDIR). */
    static String tempDir() {
        String env = System.getenv("TMPDIR");
        return env == null || env.isEmpty() ? "/tmp" : env;
    }

    private static boolean enabled(Config section, String path, ConfigValue v) {
        if (v.unwrapped() instanceof String s) {
            switch (s.toLowerCase(Locale.ROOT)) {
                case "enabled", "enable", "true" -> {
                    return true;
                }
                case "disabled", "disable", "false" -> {
                    return false;
                }
                default -> throw new PluginException(
                        "Expected 'enabled' or 'disabled' for string value, got '" + s + "'");
            }
        }
        return ConfigValues.bool(section, path);
    }

    /**
     * nats-server takes 75% of the machine's memory. Read from /proc/meminfo so that the image
     * needs no java.management module; elsewhere nats-server's fallback of 256 MB.
     */
    private static long defaultMaxMemory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return kb * 1024 / 4 * 3;
                }
            }
        } catch (java.io.IOException | NumberFormatException | SecurityException e) {
            // fall through to nats-server's default
        }
        return MAX_MEM_DEFAULT;
    }

    /** nats-server takes 75% of what the disk has free, or 1 TB when it cannot tell. */
    private static long diskAvailable(Path dir) {
        try {
            Path p = dir;
            while (p != null && !Files.exists(p)) {
                p = p.getParent();
            }
            if (p != null) {
                return Files.getFileStore(p).getUsableSpace() / 4 * 3;
            }
        } catch (java.io.IOException e) {
            // fall through to nats-server's default
        }
        return 1024L * 1024 * 1024 * 1024;
    }
}
