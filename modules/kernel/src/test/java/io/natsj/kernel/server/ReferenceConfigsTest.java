package io.natsj.kernel.server;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.natsj.config.ConfigLoader;
import io.natsj.spi.PluginException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every real nats-server config file of the config module's corpus, through the kernel: its
 * options are read, or startup stops with a message that names the key it cannot serve (a
 * missing plugin, a feature not built yet, an invalid value). Nothing is ignored silently and
 * nothing fails with an unexplained error.
 */
class ReferenceConfigsTest {

    private static final Path CORPUS = Path.of("../config/src/test/resources/nats-reference");

    static Stream<Path> configs() throws IOException {
        try (Stream<Path> files = Files.walk(CORPUS)) {
            return files.filter(f -> f.toString().endsWith(".conf")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("configs")
    void eachConfigIsServedOrRefusedByName(Path file) {
        Config config;
        try {
            config = ConfigLoader.load(file);
        } catch (RuntimeException grammar) {
            return; // grammar errors are the config module's tests' business
        }
        try {
            PluginRegistry.load().checkKeys(config);
            ServerOptions.from(config);
        } catch (PluginException | ConfigException e) {
            String message = e.getMessage();
            boolean namesAKey = config.root().keySet().stream()
                    .anyMatch(k -> message.toLowerCase(Locale.ROOT).contains(k.toLowerCase(Locale.ROOT)));
            assertTrue(namesAKey, file + ": message names no key: " + message);
        } catch (RuntimeException e) {
            fail(file + ": unexplained " + e);
        }
    }
}
