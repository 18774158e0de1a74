package io.natsj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The nats-server grammar, case by case (expectations follow nats-server's conf package). */
class NatsConfGrammarTest {

    @TempDir
    Path dir;

    private static Config parse(String text) {
        return new NatsConfParser(Map.of("ENV_PORT", "4333", "ENV_LIST", "[1, 2]", "CYCLE", "$CYCLE")::get)
                .parse(text, "test.conf", Path.of(""));
    }

    private static NatsConfException fails(String text) {
        return assertThrows(NatsConfException.class, () -> parse(text));
    }

    @Test
    void separatorsAndComments() {
        Config c = parse("""
                a: 1
                b = 2
                c 3   # hash comment
                // slash comment
                d: "x"; e: 'y', f: z
                """);
        assertEquals(List.of(1, 2, 3), List.of(c.getInt("a"), c.getInt("b"), c.getInt("c")));
        assertEquals(List.of("x", "y", "z"), List.of(c.getString("d"), c.getString("e"), c.getString("f")));
    }

    @Test
    void blocksWithOrWithoutSeparatorAndArrays() {
        Config c = parse("""
                cluster {
                  name: c1, port: 6222
                  routes = [
                    nats://a:6222
                    nats://b:6222, nats://c:6222
                  ]
                }
                other = { x: [1, "two", true, 1.5, {k: v}] }
                """);
        assertEquals("c1", c.getString("cluster.name"));
        assertEquals(List.of("nats://a:6222", "nats://b:6222", "nats://c:6222"), c.getStringList("cluster.routes"));
        assertEquals(List.of(1L, "two", true, 1.5, Map.of("k", "v")), c.getList("other.x").unwrapped());
    }

    @Test
    void sizeSuffixesFollowNatsServer() {
        Config c = parse("a: 1k\nb: 1kb\nc: 1KiB\nd: 2M\ne: 2MB\nf: 1G\ng: 1GiB\nh: 1T\ni: 1TB\nj: -1k\nk: 1Ki\n");
        assertEquals(1000, c.getLong("a"));
        assertEquals(1024, c.getLong("b"));
        assertEquals(1024, c.getLong("c"));
        assertEquals(2_000_000, c.getLong("d"));
        assertEquals(2L << 20, c.getLong("e"));
        assertEquals(1_000_000_000L, c.getLong("f"));
        assertEquals(1L << 30, c.getLong("g"));
        assertEquals(1_000_000_000_000L, c.getLong("h"));
        assertEquals(1L << 40, c.getLong("i"));
        assertEquals(-1000, c.getLong("j"));
        assertEquals(1024, c.getLong("k"));
    }

    @Test
    void scalarsOfEveryKind() {
        Config c = parse("""
                t1: true
                t2: YES
                t3: on
                f1: no
                f2: off
                f3: False
                fl: 2.5
                neg: -42
                when: 2016-05-04T18:53:41Z
                listen: 127.0.0.1:4222
                dur: 10s
                quoted: "a\\tb\\x41\\"c"
                raw: 'a\\tb'
                "a.b": dotted
                url: nats://host:4222
                """);
        assertTrue(c.getBoolean("t1") && c.getBoolean("t2") && c.getBoolean("t3"));
        assertFalse(c.getBoolean("f1") || c.getBoolean("f2") || c.getBoolean("f3"));
        assertEquals(2.5, c.getDouble("fl"));
        assertEquals(-42, c.getInt("neg"));
        assertEquals("2016-05-04T18:53:41Z", c.getString("when"));
        assertEquals("127.0.0.1:4222", c.getString("listen"));
        assertEquals(ConfigValueType.STRING, c.getValue("dur").valueType());
        assertEquals("a\tbA\"c", c.getString("quoted"));
        assertEquals("a\\tb", c.getString("raw"));
        assertEquals("dotted", c.root().get("a.b").unwrapped());
        assertEquals("nats://host:4222", c.getString("url"));
    }

    @Test
    void blockStringEndsAtALoneParenthesis() {
        Config c = parse("text (\nline one (x)\n  line two)\n)\nafter: 1\n");
        assertEquals("\nline one (x)\n  line two)\n", c.getString("text"));
        assertEquals(1, c.getInt("after"));
    }

    @Test
    void variablesResolveFromEnclosingBlocksThenEnvironment() {
        Config c = parse("""
                base: 10
                inner {
                  local: 5
                  list: [ { a: $local, b: $base } ]
                  port: $ENV_PORT
                  nums: $ENV_LIST
                }
                """);
        assertEquals(5, c.getConfigList("inner.list").getFirst().getInt("a"));
        assertEquals(10, c.getConfigList("inner.list").getFirst().getInt("b"));
        assertEquals(4333, c.getInt("inner.port"));
        assertEquals(ConfigValueType.NUMBER, c.getValue("inner.port").valueType());
        assertEquals(List.of(1, 2), c.getIntList("inner.nums"));
    }

    @Test
    void undefinedVariableIsNamedWithItsLine() {
        NatsConfException e = fails("a: 1\nb: $nope\n");
        assertEquals(NatsConfException.Kind.VARIABLE, e.kind());
        assertEquals("test.conf:2:4: variable reference for 'nope' on line 2 can not be found", e.getMessage());
        assertTrue(fails("a: $CYCLE").getMessage().contains("variable reference cycle for 'CYCLE'"));
    }

    @Test
    void grammarErrorsNameLineAndColumn() {
        assertEquals("test.conf:1:3: Expected value but found new line", fails("a:\nb: 1").getMessage());
        assertTrue(fails("a { b: 1").getMessage().contains("map terminator '}', but got 'EOF'"));
        assertTrue(fails("a {\n").getMessage().contains("Unexpected EOF processing map."));
        assertTrue(fails("a: [1, 2").getMessage().contains("test.conf:1:9"));
        assertTrue(fails("a: \"open").getMessage().contains("Unexpected EOF."));
        assertTrue(fails("a: 1.5s").getMessage().contains("but got 's' instead"));
        assertTrue(fails("a: \"\\q\"").getMessage().contains("Invalid escape character 'q'"));
        assertTrue(fails("key").getMessage().contains("config is invalid"));
        assertTrue(fails("= 1").getMessage().contains("Unexpected key separator '='"));
        assertTrue(fails("a: 99999999999999999999").getMessage().contains("out of the range"));
        assertTrue(fails("a: 2016-05-04X").getMessage().contains("ISO8601"));
        assertTrue(fails("a: (\nno end").getMessage().contains("Unexpected EOF processing block."));
    }

    @Test
    void jsonDocumentsAreValid() {
        Config c = parse("{\"port\": 4222, \"cluster\": {\"name\": \"x\", \"routes\": [\"a\", \"b\"]}}");
        assertEquals(4222, c.getInt("port"));
        assertEquals(List.of("a", "b"), c.getStringList("cluster.routes"));
    }

    @Test
    void includesResolveRelativeToTheIncludingFileAndMergeInPlace() throws Exception {
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("main.conf"), "port: 1\nauth { include sub/users.conf\n timeout: 2 }\ninclude \"sub/more.conf\"\n");
        Files.writeString(dir.resolve("sub/users.conf"), "include 'pw.conf'\nuser: a\npassword: $PW\n");
        Files.writeString(dir.resolve("sub/pw.conf"), "PW: secret\n");
        Files.writeString(dir.resolve("sub/more.conf"), "port: 2\n");
        Config c = new NatsConfParser().parse(dir.resolve("main.conf"));
        assertEquals(2, c.getInt("port"));
        assertEquals("secret", c.getString("auth.password"));
        assertEquals(2, c.getInt("auth.timeout"));
    }

    @Test
    void includeCyclesAndMissingIncludesFail() throws Exception {
        Files.writeString(dir.resolve("a.conf"), "x: 1\ninclude b.conf\n");
        Files.writeString(dir.resolve("b.conf"), "include a.conf\n");
        NatsConfException cycle = assertThrows(NatsConfException.class, () -> new NatsConfParser().parse(dir.resolve("a.conf")));
        assertTrue(cycle.getMessage().contains("include cycle"), cycle.getMessage());
        assertTrue(cycle.getMessage().startsWith(dir.resolve("a.conf") + ":2:9:"), cycle.getMessage());
        Files.writeString(dir.resolve("c.conf"), "include missing.conf\n");
        NatsConfException missing = assertThrows(NatsConfException.class, () -> new NatsConfParser().parse(dir.resolve("c.conf")));
        assertEquals(NatsConfException.Kind.IO, missing.kind());
        assertTrue(missing.getMessage().contains("error parsing include file 'missing.conf'"), missing.getMessage());
    }
}
