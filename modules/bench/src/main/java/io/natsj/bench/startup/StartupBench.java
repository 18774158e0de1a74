package io.natsj.bench.startup;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code nats-startup}: how fast a server starts and how much it costs, for natsj and
 * nats-server side by side. Each server is started the given number of times, alternating
 * between servers, with nats-server's flags ({@code -a 127.0.0.1 -p -1 --ports_file_dir DIR},
 * plus any extra arguments such as {@code -c tls.conf}); for each start it measures the time from
 * exec to the ports file, and to the PONG of a first client (over TLS when INFO asks for it),
 * the CPU the process used until then and its resident memory once idle. Then all servers are
 * started {@code --together} times at once, as a client library's test suite does, and the time
 * until the last ports file appears is measured. Figures are medians; nothing is asserted.
 *
 * <pre>
 * nats-startup --server natsj=distribution/target/natsj/bin/nats --server nats-server=nats-server \
 *     [--runs 10] [--together 16] [--markdown FILE] [-- extra server args]
 * </pre>
 */
public final class StartupBench {

    static final String USAGE = """
            usage: nats-startup --server NAME=COMMAND [--server NAME=COMMAND ...] [--runs N] [--together N]
                                [--markdown FILE] [-- EXTRA SERVER ARGS]
              Starts each server N times (default 10), alternating, and measures exec to ports file,
              exec to the first PONG, CPU used by then and idle RSS; then starts --together servers
              (default 16) of each kind at once and measures until the last ports file appears.""";

    private StartupBench() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line; returns the exit code (0 ok, 1 a server failed, 2 usage). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, List<String>> servers = new LinkedHashMap<>();
        int runs = 10;
        int together = 16;
        Path markdown = null;
        List<String> extra = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--server" -> {
                        String spec = args[++i];
                        int eq = spec.indexOf('=');
                        if (eq <= 0) {
                            throw new IllegalArgumentException("--server wants NAME=COMMAND, got " + spec);
                        }
                        servers.put(spec.substring(0, eq), List.of(spec.substring(eq + 1).split(" ")));
                    }
                    case "--runs" -> runs = Integer.parseInt(args[++i]);
                    case "--together" -> together = Integer.parseInt(args[++i]);
                    case "--markdown" -> markdown = Path.of(args[++i]);
                    case "--" -> {
                        extra.addAll(List.of(args).subList(i + 1, args.length));
                        i = args.length;
                    }
                    case "-h", "--help" -> {
                        out.println(USAGE);
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
            if (servers.isEmpty() || runs < 1 || together < 0) {
                throw new IllegalArgumentException("at least one --server, --runs >= 1 and --together >= 0");
            }
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            err.println("nats-startup: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try {
            List<StartupResult> results = measure(servers, extra, runs, together, err);
            String table = StartupResult.markdown(results, runs, together, extra);
            out.println(table);
            if (markdown != null) {
                Files.writeString(markdown, table);
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("nats-startup: " + e.getMessage());
            return 1;
        }
    }

    private static List<StartupResult> measure(Map<String, List<String>> servers, List<String> extra, int runs,
            int together, PrintStream err) throws IOException {
        Map<String, List<StartedServer.Measurement>> singles = new LinkedHashMap<>();
        servers.keySet().forEach(name -> singles.put(name, new ArrayList<>()));
        for (int run = 0; run < runs; run++) {
            for (var server : servers.entrySet()) {
                err.printf("\r[nats-startup] %s start %d/%d   ", server.getKey(), run + 1, runs);
                try (var started = StartedServer.start(command(server.getValue(), extra))) {
                    singles.get(server.getKey()).add(started.measure());
                }
            }
        }
        List<StartupResult> results = new ArrayList<>();
        for (var server : servers.entrySet()) {
            List<Double> lastPortsFile = List.of();
            if (together > 0) {
                err.printf("\r[nats-startup] %s: %d at once            ", server.getKey(), together);
                lastPortsFile = StartedServer.startTogether(command(server.getValue(), extra), together);
            }
            results.add(new StartupResult(server.getKey(), singles.get(server.getKey()), lastPortsFile));
        }
        err.println();
        return results;
    }

    private static List<String> command(List<String> server, List<String> extra) {
        List<String> command = new ArrayList<>(server);
        command.addAll(List.of("-a", "127.0.0.1", "-p", "-1"));
        command.addAll(extra);
        return command;
    }
}
