package io.natsj.config.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import io.natsj.config.ConfigLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Flag parsing with nats-server's (Go flag package) rules and mapping to config keys. */
class CommandLineTest {

    private static CommandLineOptions parse(String... args) throws CommandLineException {
        return CommandLine.parse(args);
    }

    private static String error(String... args) {
        return assertThrows(CommandLineException.class, () -> CommandLine.parse(args)).getMessage();
    }

    @Test
    void shortLongAndEqualsForms() throws Exception {
        Config o = parse("-p", "-1", "--addr=127.0.0.1", "-n", "srv", "-m", "8222", "-ms=8443").overrides();
        assertEquals(-1, o.getInt("port"));
        assertEquals("127.0.0.1", o.getString("host"));
        assertEquals("srv", o.getString("server_name"));
        assertEquals(8222, o.getInt("http_port"));
        assertEquals(8443, o.getInt("https_port"));
        assertEquals(4222, parse("--port=4222").overrides().getInt("port"));
        assertEquals(4222, parse("--port", "4222").overrides().getInt("port"));
        assertEquals(16, parse("-p", "0x10").overrides().getInt("port"));
        assertEquals("a", parse("--net", "a").overrides().getString("host"));
        assertEquals("b", parse("--server_name", "b").overrides().getString("server_name"));
        assertEquals(5, parse("-p", "4", "-p", "5").overrides().getInt("port"));
    }

    @Test
    void actions() throws Exception {
        CommandLineOptions run = parse("-c", "x.conf");
        assertEquals(CommandLineOptions.Action.RUN, run.action());
        assertEquals(Optional.of(Path.of("x.conf")), run.configFile());
        assertEquals(CommandLineOptions.Action.TEST_CONFIG, parse("-t", "--config", "x.conf").action());
        assertEquals(CommandLineOptions.Action.VERSION, parse("-v").action());
        assertEquals(CommandLineOptions.Action.VERSION, parse("--version").action());
        assertEquals(CommandLineOptions.Action.VERSION, parse("-p", "1", "version").action());
        assertEquals(CommandLineOptions.Action.HELP, parse("-h").action());
        assertEquals(CommandLineOptions.Action.HELP, parse("--help").action());
        assertEquals(CommandLineOptions.Action.HELP, parse("help").action());
        assertEquals(CommandLineOptions.Action.HELP_TLS, parse("--help_tls").action());
        CommandLineOptions signal = parse("--signal", "reload=/var/run/nats.pid");
        assertEquals(CommandLineOptions.Action.SIGNAL, signal.action());
        assertEquals(new SignalRequest("reload", Optional.of("/var/run/nats.pid")), signal.signal().orElseThrow());
        assertEquals(new SignalRequest("stop", Optional.empty()), parse("-sl", "stop").signal().orElseThrow());
    }

    @Test
    void errorsUseNatsServerWording() {
        assertEquals("flag provided but not defined: -foo", error("--foo"));
        assertEquals("invalid value \"abc\" for flag -p: parse error", error("-p", "abc"));
        assertEquals("flag needs an argument: -p", error("-p"));
        assertEquals("invalid boolean value \"maybe\" for -D: parse error", error("-D=maybe"));
        assertEquals("bad flag syntax: ---x", error("---x"));
        assertEquals("unrecognized command: \"extra\"", error("extra"));
        assertEquals("must specify [-c, --config] option to check configuration file syntax", error("-t"));
        assertEquals("unknown signal \"bogus\"", error("--signal", "bogus"));
        assertEquals("TLS Server certificate must be present and valid", error("--tlsverify"));
        assertEquals("TLS Server private key must be present and valid", error("--tls", "--tlscert", "c.pem"));
        assertEquals("expected cluster password to be set", error("--cluster", "nats://user@127.0.0.1:6222"));
    }

    @Test
    void loggingFlags() throws Exception {
        Config dv = parse("-DV").overrides();
        assertTrue(dv.getBoolean("debug") && dv.getBoolean("trace") && !dv.hasPath("trace_verbose"));
        Config vv = parse("-VV").overrides();
        assertTrue(vv.getBoolean("trace") && vv.getBoolean("trace_verbose") && !vv.hasPath("debug"));
        Config dvv = parse("-DVV").overrides();
        assertTrue(dvv.getBoolean("debug") && dvv.getBoolean("trace") && dvv.getBoolean("trace_verbose"));
        Config some = parse("-D", "-T=false", "-l", "/tmp/x.log", "--log_size_limit", "1000", "-s", "-r", "udp://h:514",
                "--max_traced_msg_len", "64", "--logtime_utc").overrides();
        assertTrue(some.getBoolean("debug"));
        assertFalse(some.getBoolean("logtime"));
        assertEquals("/tmp/x.log", some.getString("log_file"));
        assertEquals(1000, some.getLong("log_size_limit"));
        assertTrue(some.getBoolean("syslog"));
        assertEquals("udp://h:514", some.getString("remote_syslog"));
        assertEquals(64, some.getInt("max_traced_msg_len"));
        assertTrue(some.getBoolean("logtime_utc"));
        assertFalse(parse("-D", "-DV=false").overrides().getBoolean("debug"));
    }

    @Test
    void authJetStreamAndFiles() throws Exception {
        Config o = parse("--user", "u", "--pass", "p", "--auth", "t", "-js", "-sd", "/data", "-P", "/run/n.pid",
                "--ports_file_dir", "/tmp", "--client_advertise", "h:1", "--profile", "6060").overrides();
        assertEquals("u", o.getString("authorization.user"));
        assertEquals("p", o.getString("authorization.password"));
        assertEquals("t", o.getString("authorization.token"));
        assertTrue(o.getBoolean("jetstream"));
        assertEquals("/data", o.getString("store_dir"));
        assertEquals("/run/n.pid", o.getString("pid_file"));
        assertEquals("/tmp", o.getString("ports_file_dir"));
        assertEquals("h:1", o.getString("client_advertise"));
        assertEquals(6060, o.getInt("prof_port"));
    }

    @Test
    void clusterAndRoutes() throws Exception {
        Config o = parse("--cluster", "nats://u:pw@127.0.0.1:-1", "--cluster_name", "c1", "--routes",
                "nats://a:6222, nats://b:6222", "--no_advertise", "--connect_retries", "3",
                "--cluster_advertise", "adv:1").overrides();
        assertEquals("127.0.0.1:-1", o.getString("cluster.listen"));
        assertEquals("u", o.getString("cluster.authorization.user"));
        assertEquals("pw", o.getString("cluster.authorization.password"));
        assertEquals("c1", o.getString("cluster.name"));
        assertEquals(List.of("nats://a:6222", "nats://b:6222"), o.getStringList("cluster.routes"));
        assertTrue(o.getBoolean("cluster.no_advertise"));
        assertEquals(3, o.getInt("cluster.connect_retries"));
        assertEquals("adv:1", o.getString("cluster.advertise"));
        Config off = parse("--cluster_listen", "").overrides();
        assertTrue(off.getIsNull("cluster.listen"));
        assertEquals(0, off.getInt("cluster.port"));
    }

    @Test
    void tlsFlagsBuildTheWholeBlock() throws Exception {
        Config o = parse("--tlsverify", "--tlscert", "c.pem", "--tlskey", "k.pem", "--tlscacert", "ca.pem").overrides();
        assertEquals("c.pem", o.getString("tls.cert_file"));
        assertEquals("k.pem", o.getString("tls.key_file"));
        assertEquals("ca.pem", o.getString("tls.ca_file"));
        assertTrue(o.getBoolean("tls.verify"));
        assertTrue(parse("--tls=false", "--tlscert", "c.pem").overrides().getIsNull("tls"));
    }

    @Test
    void flagsOverrideTheFileConfig() throws Exception {
        Config file = ConfigLoader.parseString("""
                listen: 127.0.0.1:4222
                net: 10.0.0.1
                Debug: false
                jetstream { store_dir: /old, max_mem: 1G, enabled: false }
                tls { cert_file: f.pem, key_file: f.key, timeout: 2 }
                cluster { host: 0.0.0.0, port: 6222, name: keep, authorization { user: ru, password: rp } }
                authorization { username: old }
                """);
        Config merged = parse("-p", "5000", "-D", "-js", "-sd", "/new", "--tls", "--tlscert", "c", "--tlskey", "k",
                "--cluster", "nats://127.0.0.1:7000", "--user", "me").applyTo(file);
        assertEquals(5000, merged.getInt("port"));
        assertEquals("127.0.0.1", merged.getString("host"));
        assertFalse(merged.hasPath("listen") || merged.hasPath("Debug"));
        assertFalse(parse("-a", "h").applyTo(file).hasPath("net"));
        assertTrue(merged.getBoolean("debug"));
        assertTrue(merged.getBoolean("jetstream.enabled"));
        assertEquals(1_000_000_000L, merged.getLong("jetstream.max_mem"));
        assertFalse(merged.hasPath("jetstream.store_dir"));
        assertEquals("/new", merged.getString("store_dir"));
        assertEquals("c", merged.getString("tls.cert_file"));
        assertFalse(merged.hasPath("tls.timeout"));
        assertEquals("127.0.0.1:7000", merged.getString("cluster.listen"));
        assertFalse(merged.hasPath("cluster.host") || merged.hasPath("cluster.port"));
        assertEquals("keep", merged.getString("cluster.name"));
        assertFalse(merged.hasPath("cluster.authorization.user"));
        assertEquals("me", merged.getString("authorization.user"));
        assertFalse(merged.hasPath("authorization.username"));
        assertEquals(file, parse().applyTo(file));
    }

    @Test
    void usageListsEveryFlag() {
        String usage = CommandLine.usage();
        assertTrue(usage.contains("Usage: nats-server [options]"));
        for (Flag flag : Flag.values()) {
            if (flag != Flag.LOGTIME_UTC) {
                assertTrue(flag.names.stream().anyMatch(n -> usage.contains("-" + n)), flag.name());
            }
        }
    }
}
