package io.natsj.distribution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the client port from the ports file a server writes into a directory. */
final class PortsFile {

    private static final Pattern CLIENT_PORT = Pattern.compile("\"nats://[^\"]*:(\\d+)\"");

    private PortsFile() {
    }

    /** @return the client port of the first complete ports file in {@code dir}, if there is one yet */
    static OptionalInt clientPort(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".ports")).toList()) {
                Matcher m = CLIENT_PORT.matcher(Files.readString(f));
                if (m.find()) {
                    return OptionalInt.of(Integer.parseInt(m.group(1)));
                }
            }
        }
        return OptionalInt.empty();
    }
}
