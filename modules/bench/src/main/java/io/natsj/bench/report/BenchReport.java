package io.natsj.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.natsj.bench.run.ScenarioOutcome;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything one bench session produced, in the shape written as JSON.
 *
 * @param date      ISO-8601 time the session started
 * @param machine   where it ran
 * @param servers   the servers measured, A first
 * @param settings  runs, warm-ups and the command line, so a reader can rerun it
 * @param outcomes  one per scenario and engine
 */
public record BenchReport(String date, MachineInfo machine, List<ServerEntry> servers, Settings settings,
                          List<ScenarioOutcome> outcomes) {

    /**
     * A measured server.
     *
     * @param label   the name used in tables
     * @param url     the client URL
     * @param name    {@code server_name} from INFO
     * @param version {@code version} from INFO
     */
    public record ServerEntry(String label, String url, String name, String version) {
    }

    /**
     * How the session was run.
     *
     * @param runs        measured runs per server
     * @param warmups     discarded warm-up runs per server
     * @param engines     client engines used
     * @param commandLine the bench's arguments
     */
    public record Settings(int runs, int warmups, List<String> engines, String commandLine) {
    }

    /** True when a comparison server was measured. */
    public boolean isComparison() {
        return servers.size() > 1;
    }

    /** Writes the report as indented JSON. */
    public void writeJson(Path file) throws IOException {
        createParent(file);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), this);
    }

    static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }
}
