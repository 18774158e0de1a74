package io.natsj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every nats-server reference config must parse, except those that the real nats-server
 * 2.9.10 ({@code nats-server -t -c FILE}) rejects for grammar reasons or a missing include;
 * the rest of the "bad" files fail there only for semantic reasons, which are the kernel's.
 */
class NatsReferenceCorpusTest {

    /** Files the real server rejects before any semantic check, and the text expected in the error. */
    private static final Map<String, String> GRAMMAR_INVALID = Map.of(
            "server/configs/malformed_cluster_address.conf",
            "malformed_cluster_address.conf:3:21: Expected a map value terminator ',' or a map terminator '}', but got 'f'",
            "server/configs/malformed_listen_address.conf",
            "malformed_listen_address.conf:2:19: Expected a top-level value to end with a new line, comment or EOF, but got 'f'",
            "server/configs/reload/invalid.conf",
            "invalid.conf:2:7: Expected value but found new line",
            "server/configs/reload/reload.conf",
            "error parsing include file 'platform.conf'");

    static Path root() throws URISyntaxException {
        return Path.of(NatsReferenceCorpusTest.class.getResource("/nats-reference/NOTICE.md").toURI()).getParent();
    }

    static Stream<String> configFiles() throws Exception {
        Path root = root();
        try (Stream<Path> files = Files.walk(root)) {
            List<String> names = files.filter(p -> p.toString().endsWith(".conf"))
                    .map(p -> root.relativize(p).toString().replace('\\', '/')).sorted().toList();
            return names.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("configFiles")
    void parsesLikeNatsServer(String name) throws Exception {
        Path file = root().resolve(name);
        NatsConfParser parser = new NatsConfParser(variable -> null);
        String expectedError = GRAMMAR_INVALID.get(name);
        if (expectedError == null) {
            Config config = parser.parse(file);
            assertFalse(config.isEmpty(), name);
            assertEquals(config, ConfigLoader.load(file), name);
        } else {
            NatsConfException e = assertThrows(NatsConfException.class, () -> parser.parse(file));
            assertTrue(e.getMessage().contains(expectedError), e.getMessage());
            ConfigLoadException loaded = assertThrows(ConfigLoadException.class, () -> ConfigLoader.load(file));
            assertTrue(loaded.getMessage().startsWith(e.getMessage()), loaded.getMessage());
        }
    }

    @Test
    void simpleConfPullsUsersAndBcryptPasswordsThroughNestedIncludes() throws Exception {
        Config c = ConfigLoader.load(root().resolve("conf/simple.conf"));
        assertEquals("127.0.0.1:4222", c.getString("listen"));
        assertEquals(0.5, c.getDouble("authorization.timeout"));
        List<? extends Config> users = c.getConfigList("authorization.users");
        assertEquals("alice", users.get(0).getString("user"));
        assertEquals("$2a$10$UHR6GhotWhpLsKtVP0/i6.Nh9.fuY73cWjLoJjb2sKT8KISBcUW5q", users.get(0).getString("password"));
        assertEquals("$2a$11$dZM98SpGeI7dCFFGSpt.JObQcix8YHml4TBUZoge9R1uxnMIln5ly", c.getString("authorization.BOB_PASS"));
        assertEquals(ConfigValues.hostPort(c, "listen"), new HostPort("127.0.0.1", 4222));
    }

    @Test
    void variableDefinedInAnIncludeIsVisibleAfterIt() throws Exception {
        Config c = ConfigLoader.load(root().resolve("server/configs/include_conf_check_a.conf"));
        assertEquals(8222, c.getInt("http_port"));
        assertEquals(4222, c.getInt("port"));
    }

    @Test
    void permissionsVariablesExpandToWholeBlocks() throws Exception {
        Config c = ConfigLoader.load(root().resolve("test/configs/authorization.conf"));
        Config alice = c.getConfigList("authorization.users").getFirst();
        assertEquals(c.getValue("authorization.ADMIN"), alice.getValue("permissions"));
        assertTrue(alice.getString("password").startsWith("$2a$04$"));
    }

    @Test
    void durationsAndSizesFromTheCorpus() throws Exception {
        Config c = ConfigLoader.load(root().resolve("server/configs/test.conf"));
        assertEquals(java.time.Duration.ofSeconds(60), ConfigValues.duration(c, "ping_interval"));
        assertEquals(java.time.Duration.ofSeconds(3), ConfigValues.duration(c, "write_deadline"));
        assertEquals(65536, ConfigValues.sizeInBytes(c, "max_payload"));
        Config reload = ConfigLoader.parseString(Files.readString(root().resolve("server/configs/reload/reload.conf"))
                .replace("include 'platform.conf'", ""));
        assertEquals(java.time.Duration.ofSeconds(5), ConfigValues.duration(reload, "ping_interval"));
        assertEquals(java.time.Duration.ofSeconds(20), ConfigValues.duration(reload, "cluster.ping_interval"));
    }

    @Test
    void originsNameFileAndLine() throws Exception {
        Path file = root().resolve("server/configs/test.conf");
        Config c = ConfigLoader.load(file);
        assertTrue(c.getValue("max_payload").origin().description().contains("test.conf"));
        assertEquals(lineOf(file, "max_payload:"), c.getValue("max_payload").origin().lineNumber());
    }

    private static int lineOf(Path file, String prefix) throws IOException {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i + 1;
            }
        }
        throw new AssertionError(prefix);
    }
}
