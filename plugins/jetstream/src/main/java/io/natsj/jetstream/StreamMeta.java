package io.natsj.jetstream;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A file stream's config as kept beside its store ({@code meta.inf} in the stream's directory,
 * as nats-server names it), so that the stream comes back on restart. Written to a temporary
 * file and moved into place, so a crash leaves the old or the new config, never half of one.
 *
 * @param config the stream's config
 * @param createdNanos when the stream was created
 */
record StreamMeta(@JsonProperty("config") StreamConfig config, @JsonProperty("created") long createdNanos) {

    static final String FILE = "meta.inf";

    static void write(Path dir, StreamConfig config, long createdNanos) throws IOException {
        Path tmp = dir.resolve(FILE + ".tmp");
        Files.write(tmp, Json.bytes(new StreamMeta(config, createdNanos)));
        Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** @return the meta kept in a stream directory, or null when there is none */
    static StreamMeta read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        return Json.MAPPER.readValue(Files.readAllBytes(file), StreamMeta.class);
    }

    /** Removes the meta file and the (by then empty) stream directory. */
    static void remove(Path dir) {
        try {
            Files.deleteIfExists(dir.resolve(FILE));
            try (var rest = Files.walk(dir)) {
                rest.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        } catch (IOException e) {
            System.getLogger("io.natsj.jetstream").log(System.Logger.Level.WARNING,
                    "could not remove " + dir + ": " + e);
        }
    }
}
