package io.natsj.bench;

import io.natsj.bench.engine.ClientCredentials;
import io.natsj.bench.engine.ClientEngine;
import io.natsj.bench.engine.ClientTls;
import io.natsj.bench.run.ScenarioKind;
import io.natsj.bench.run.ScenarioSpec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;

/** The parsed command line of {@code nats-bench}. */
public final class BenchOptions {

    /** Printed by {@code --help} and after usage errors. */
    public static final String USAGE = """
            usage: nats-bench [options]
              -s, --url URL           server A (default nats://127.0.0.1:4222; tls://host:port for TLS)
              --compare URL           server B: alternate runs A B B A and print ratios
              --monitor URL           A's monitoring endpoint (http://host:port), for conns memory
              --compare-monitor URL   B's monitoring endpoint
              --sub-url URL           subscribers of pub/sub scenarios connect here instead of A's URL
                                      (another server of A's topology: route, gateway or leaf)
              --compare-sub-url URL   the same for B
              --name-a NAME, --name-b NAME   labels in the output (default A, B)
              --scenario LIST         comma-separated: pub, pubsub, fanout, fanin, queue, reqreply, conns,
                                      js-pub, js-pub-async, js-pull, js-push, kv-put, kv-get,
                                      kv-get-latency
              --standard              the standard set (pub, 1→1, 1→4, 4→1, queue 4, reqreply, 1 KiB, conns)
              --jetstream             the JetStream set (js-pub-async 128 B into a file and a memory
                                      stream, js-pub sync latency into a file stream, js-pull of a
                                      file and a memory stream in batches of 500, js-push of a file
                                      and a memory stream, kv-put, kv-get and kv-get-latency on a
                                      file bucket); servers need -js; with --scenario, only the
                                      set's rows of those scenarios
              --js-storage S          file or memory: the stream js-pub / js-pub-async use (default file)
              --js-window N           js-pub-async: most PubAcks outstanding (default 4096)
              --js-batch N            js-pull: messages per fetch (default 500)
              --engine LIST           raw, jnats or raw,jnats (default raw; jnats for JetStream-only runs)
              --size BYTES            payload size (default 16)
              --msgs N                messages per run, all publishers together (default 1000000)
              --requests N            request/reply round trips, js-pub publishes and kv-* calls per run
                                      (default 20000)
              --duration D            publish for D (e.g. 5s, 500ms) instead of a count
              --pubs N, --subs N      publishers / subscribers (queue members); defaults per scenario
              --conns N               idle connections (default 1000)
              --runs N                measured runs per server (default 3)
              --warmup N              discarded warm-up runs per server, at 1/10 size, repeated until each
                                server has run the scenario for 2 s (default 1; 0: none)
              --idle-timeout D        declare loss after D without a delivery (default 10s)
              --tls-ca FILE           PEM certificates to trust for tls:// URLs (default: the JDK's)
              --tls-cert FILE, --tls-key FILE   PEM client certificate and PKCS#8 key, for servers with verify
              --creds FILE            every connection presents this creds file (servers in operator mode)
              --make-operator DIR     write an operator, an account and a user into DIR (server.conf for
                                      both servers, user.creds for --creds) and exit
              --json FILE, --markdown FILE, --svg FILE   write results
              --quiet                 no progress line
            """;

    String url = "nats://127.0.0.1:4222";
    String compareUrl;
    String monitorUrl;
    String compareMonitorUrl;
    String subUrl;
    String compareSubUrl;
    String nameA = "A";
    String nameB = "B";
    List<ScenarioKind> scenarios = new ArrayList<>();
    boolean standard;
    boolean jetstream;
    String jsStorage = "file";
    int jsWindow = 4096;
    int jsBatch = 500;
    List<String> engines = List.of("raw");
    boolean enginesGiven;
    int size = 16;
    long messages = 1_000_000;
    long requests = 20_000;
    Duration duration;
    Integer publishers;
    Integer subscribers;
    int connections = 1000;
    int runs = 3;
    int warmups = 1;
    Duration idleTimeout = Duration.ofSeconds(10);
    Path json;
    Path markdown;
    Path svg;
    Path tlsCa;
    Path tlsCert;
    Path tlsKey;
    ClientTls tls = ClientTls.DEFAULT;
    Path credsFile;
    ClientCredentials creds;
    Path makeOperator;
    boolean quiet;
    boolean help;
    String commandLine;

    /**
     * Parses the arguments.
     *
     * @throws IllegalArgumentException with a message fit for the user
     */
    public static BenchOptions parse(String... args) {
        var o = new BenchOptions();
        o.commandLine = String.join(" ", args);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "-h", "--help" -> o.help = true;
                case "--standard" -> o.standard = true;
                case "--jetstream" -> o.jetstream = true;
                case "--quiet" -> o.quiet = true;
                default -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("missing value after " + arg);
                    }
                    o.set(arg, args[++i]);
                }
            }
        }
        if (!o.help && o.makeOperator == null && !o.standard && !o.jetstream && o.scenarios.isEmpty()) {
            throw new IllegalArgumentException("name a --scenario or use --standard or --jetstream");
        }
        if (o.standard && o.jetstream) {
            throw new IllegalArgumentException("--standard and --jetstream are separate sets: run them one at a time");
        }
        boolean anyJetStream = o.jetstream || o.scenarios.stream().anyMatch(ScenarioKind::isJetStream);
        boolean onlyJetStream = o.jetstream || (!o.standard && o.scenarios.stream().allMatch(ScenarioKind::isJetStream));
        if (onlyJetStream && !o.enginesGiven) {
            o.engines = List.of("jnats");
        } else if (anyJetStream && !o.engines.contains("jnats")) {
            throw new IllegalArgumentException("JetStream scenarios run on the jnats engine: add it to --engine");
        }
        if (o.subUrl != null || o.compareSubUrl != null) {
            // Only these scenarios have a subscriber side to move; the others would ignore it silently.
            var crossing = EnumSet.of(ScenarioKind.PUBSUB, ScenarioKind.FANOUT, ScenarioKind.FANIN,
                    ScenarioKind.QUEUE, ScenarioKind.REQREPLY);
            String others = (o.standard || o.jetstream) ? (o.standard ? "the standard set" : "the JetStream set")
                    : o.scenarios.stream().filter(k -> !crossing.contains(k)).map(ScenarioKind::id)
                            .distinct().collect(Collectors.joining(", "));
            if (!others.isEmpty()) {
                throw new IllegalArgumentException(
                        "--sub-url applies to pubsub, fanout, fanin, queue and reqreply; not to " + others);
            }
        }
        if (o.runs < 1 || o.warmups < 0) {
            throw new IllegalArgumentException("--runs must be at least 1 and --warmup at least 0");
        }
        o.tls = ClientTls.of(o.tlsCa, o.tlsCert, o.tlsKey);
        o.creds = o.credsFile == null ? null : ClientCredentials.read(o.credsFile);
        return o;
    }

    private void set(String option, String value) {
        switch (option) {
            case "-s", "--url", "--server" -> url = value;
            case "--compare" -> compareUrl = value;
            case "--monitor" -> monitorUrl = value;
            case "--compare-monitor" -> compareMonitorUrl = value;
            case "--sub-url" -> subUrl = value;
            case "--compare-sub-url" -> compareSubUrl = value;
            case "--name-a" -> nameA = value;
            case "--name-b" -> nameB = value;
            case "--scenario" -> Arrays.stream(value.split(",")).filter(s -> !s.isBlank())
                    .map(ScenarioKind::parse).forEach(scenarios::add);
            case "--engine" -> {
                enginesGiven = true;
                engines = Arrays.stream(value.split(",")).map(String::strip).toList();
                for (String engine : engines) {
                    if (!ClientEngine.NAMES.contains(engine)) {
                        throw new IllegalArgumentException("unknown engine '" + engine + "' (raw or jnats)");
                    }
                }
            }
            case "--size" -> size = (int) positive(option, value, true);
            case "--msgs" -> messages = positive(option, value, false);
            case "--requests" -> requests = positive(option, value, false);
            case "--duration" -> duration = duration(value);
            case "--pubs" -> publishers = (int) positive(option, value, false);
            case "--subs" -> subscribers = (int) positive(option, value, false);
            case "--conns" -> connections = (int) positive(option, value, false);
            case "--js-storage" -> {
                if (!value.equals("file") && !value.equals("memory")) {
                    throw new IllegalArgumentException("--js-storage is file or memory, not '" + value + "'");
                }
                jsStorage = value;
            }
            case "--js-window" -> jsWindow = (int) positive(option, value, false);
            case "--js-batch" -> jsBatch = (int) positive(option, value, false);
            case "--runs" -> runs = (int) positive(option, value, false);
            case "--warmup" -> warmups = (int) positive(option, value, true);
            case "--idle-timeout" -> idleTimeout = duration(value);
            case "--json" -> json = Path.of(value);
            case "--markdown" -> markdown = Path.of(value);
            case "--svg" -> svg = Path.of(value);
            case "--tls-ca" -> tlsCa = Path.of(value);
            case "--tls-cert" -> tlsCert = Path.of(value);
            case "--tls-key" -> tlsKey = Path.of(value);
            case "--creds" -> credsFile = Path.of(value);
            case "--make-operator" -> makeOperator = Path.of(value);
            default -> throw new IllegalArgumentException("unknown option " + option);
        }
    }

    /** The scenarios to run, in order. */
    List<ScenarioSpec> specs() {
        if (standard) {
            return StandardSet.specs(messages, requests, connections);
        }
        if (jetstream) {
            // --scenario after --jetstream picks rows of the set (bench-compare always passes --jetstream).
            return JetStreamSet.specs(messages, requests, jsWindow, jsBatch).stream()
                    .filter(spec -> scenarios.isEmpty() || scenarios.contains(spec.kind())).toList();
        }
        return scenarios.stream().map(kind -> new ScenarioSpec(kind,
                publishers != null ? publishers : kind.defaultPublishers(),
                subscribers != null ? subscribers : kind.defaultSubscribers(),
                size, kind == ScenarioKind.REQREPLY || kind == ScenarioKind.JS_PUB || kind.isKeyValue()
                        ? requests : messages,
                duration, connections, kind.isJetStream() ? jsStorage : null,
                kind == ScenarioKind.JS_PUB_ASYNC ? jsWindow : kind == ScenarioKind.JS_PULL ? jsBatch : 0)).toList();
    }

    private static long positive(String option, String value, boolean zeroAllowed) {
        try {
            long parsed = Long.parseLong(value.replace("_", ""));
            if (parsed < 0 || (parsed == 0 && !zeroAllowed)) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a positive whole number, not '" + value + "'");
        }
    }

    /** {@code 500ms}, {@code 5s}, {@code 2m}, or an ISO-8601 duration. */
    static Duration duration(String value) {
        String v = value.strip().toLowerCase(java.util.Locale.ROOT);
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("s")) {
                return Duration.ofMillis((long) (Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
            }
            if (v.endsWith("m")) {
                return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)) * 60);
            }
            return Duration.parse(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot read duration '" + value + "' (try 5s or 500ms)");
        }
    }
}
