package io.natsj.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine a benchmark ran on, as far as the JVM and /proc tell.
 *
 * @param cpuModel    {@code model name} from /proc/cpuinfo
 * @param processors  available processors
 * @param memoryBytes MemTotal from /proc/meminfo, or -1
 * @param os          OS name, version and architecture
 * @param jdk         the bench's Java runtime
 */
public record MachineInfo(String cpuModel, int processors, long memoryBytes, String os, String jdk) {

    /** Reads the current machine. */
    public static MachineInfo current() {
        return new MachineInfo(readCpuModel(), Runtime.getRuntime().availableProcessors(), readMemory(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    }

    /** One line such as {@code 2 × Intel Xeon …, 7.8 GiB, Linux 6.1 amd64, OpenJDK 25}. */
    public String summary() {
        String memory = memoryBytes < 0 ? "?" : String.format(java.util.Locale.ROOT, "%.1f GiB",
                memoryBytes / (double) (1L << 30));
        return processors + " × " + cpuModel + ", " + memory + " RAM, " + os + ", " + jdk;
    }

    private static String readCpuModel() {
        for (String line : lines("/proc/cpuinfo")) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).strip();
            }
        }
        return "unknown CPU";
    }

    private static long readMemory() {
        for (String line : lines("/proc/meminfo")) {
            if (line.startsWith("MemTotal:")) {
                String[] parts = line.split("\\s+");
                return Long.parseLong(parts[1]) * 1024;
            }
        }
        return -1;
    }

    private static List<String> lines(String file) {
        try {
            return Files.readAllLines(Path.of(file));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
