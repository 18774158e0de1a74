package io.natsj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The format rule of {@link ConfigLoader}. */
class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void hoconOnlySyntaxFallsBackToHocon() throws Exception {
        Files.writeString(dir.resolve("inc.conf"), "port = 4111\n");
        Path file = dir.resolve("server.conf");
        Files.writeString(file, "include \"inc.conf\"\nbase { a = 1 }\ncopy = ${base} { b = 2 }\nname = \"x\"${?NO_SUCH_ENV_VAR}\n");
        Config c = ConfigLoader.load(file);
        assertEquals(4111, c.getInt("port"));
        assertEquals(1, c.getInt("copy.a"));
        assertEquals(2, c.getInt("copy.b"));
    }

    @Test
    void hoconExtensionSkipsTheNatsParser() throws Exception {
        Path file = dir.resolve("server.hocon");
        Files.writeString(file, "jetstream.max_mem = 1G\n");
        assertEquals("1G", ConfigLoader.load(file).getString("jetstream.max_mem"));
    }

    @Test
    void natsFormatWinsWhenBothCouldRead() {
        Config c = ConfigLoader.parseString("a.b = 1\nsize = 1MB\n");
        assertEquals(1L, c.root().get("a.b").unwrapped());
        assertEquals(1L << 20, c.getLong("size"));
    }

    @Test
    void whenBothFailTheNatsErrorComesFirst() throws Exception {
        Path file = dir.resolve("bad.conf");
        Files.writeString(file, "port: 1\nlisten: 10.0.1.22:foo\n");
        ConfigLoadException e = assertThrows(ConfigLoadException.class, () -> ConfigLoader.load(file));
        assertTrue(e.getMessage().startsWith(file.toAbsolutePath() + ":2:19: Expected a top-level value"), e.getMessage());
        assertTrue(e.getMessage().contains("not valid HOCON either"), e.getMessage());
    }

    @Test
    void missingFileOrIncludeIsReportedWithoutTryingHocon() throws Exception {
        ConfigLoadException missing = assertThrows(ConfigLoadException.class, () -> ConfigLoader.load(dir.resolve("none.conf")));
        assertTrue(missing.getMessage().contains("none.conf"));
        Path file = dir.resolve("inc.conf");
        Files.writeString(file, "include \"gone.conf\"\nport = 1\n");
        ConfigLoadException e = assertThrows(ConfigLoadException.class, () -> ConfigLoader.load(file));
        assertTrue(e.getMessage().contains("error parsing include file 'gone.conf'"), e.getMessage());
    }
}
