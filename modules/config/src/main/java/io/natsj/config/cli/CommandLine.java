package io.natsj.config.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses nats-server's command line. Flags are read with the rules of Go's {@code flag} package,
 * as nats-server does: {@code -name} and {@code --name} are the same; values follow as
 * {@code -p 4222}, {@code -p=4222} or {@code --port -1}; boolean flags take no separate value
 * but accept {@code -D=false}; integers accept Go's forms ({@code 0x10}, {@code 0o17}, {@code -1});
 * parsing stops at {@code --} or the first argument that is not a flag, and such arguments may
 * only be {@code version} or {@code help}. The last of repeated flags wins.
 */
public final class CommandLine {

    private static final String USAGE = """

            Usage: nats-server [options]

            Server Options:
                -a, --addr, --net <host>         Bind to host address (default: 0.0.0.0)
                -p, --port <port>                Use port for clients (default: 4222)
                -n, --name
                    --server_name <server_name>  Server name (default: auto)
                -P, --pid <file>                 File to store PID
                -m, --http_port <port>           Use port for http monitoring
                -ms,--https_port <port>          Use port for https monitoring
                -c, --config <file>              Configuration file
                -t                               Test configuration and exit
                -sl,--signal <signal>[=<pid>]    Send signal to nats-server process (ldm, stop, quit, term, reopen, reload)
                                                 <pid> can be either a PID (e.g. 1) or the path to a PID file (e.g. /var/run/nats-server.pid)
                    --client_advertise <string>  Client URL to advertise to other servers
                    --ports_file_dir <dir>       Creates a ports file in the specified directory (<executable_name>_<pid>.ports).

            Logging Options:
                -l, --log <file>                 File to redirect log output
                -T, --logtime                    Timestamp log entries (default: true)
                -s, --syslog                     Log to syslog or windows event log
                -r, --remote_syslog <addr>       Syslog server addr (udp://localhost:514)
                -D, --debug                      Enable debugging output
                -V, --trace                      Trace the raw protocol
                -VV                              Verbose trace (traces system account as well)
                -DV                              Debug and trace
                -DVV                             Debug and verbose trace (traces system account as well)
                    --log_size_limit <limit>     Logfile size limit (default: auto)
                    --max_traced_msg_len <len>   Maximum printable length for traced messages (default: unlimited)

            JetStream Options:
                -js, --jetstream                 Enable JetStream functionality
                -sd, --store_dir <dir>           Set the storage directory

            Authorization Options:
                    --user <user>                User required for connections
                    --pass <password>            Password required for connections
                    --auth <token>               Authorization token required for connections

            TLS Options:
                    --tls                        Enable TLS, do not verify clients (default: false)
                    --tlscert <file>             Server certificate file
                    --tlskey <file>              Private key for server certificate
                    --tlsverify                  Enable TLS, verify client certificates
                    --tlscacert <file>           Client certificate CA for verification

            Cluster Options:
                    --routes <rurl-1, rurl-2>    Routes to solicit and connect
                    --cluster <cluster-url>      Cluster URL for solicited routes
                    --cluster_name <string>      Cluster Name, if not set one will be dynamically generated
                    --no_advertise <bool>        Do not advertise known cluster information to clients
                    --cluster_advertise <string> Cluster URL to advertise to other servers
                    --connect_retries <number>   For implicit routes, number of connect retries
                    --cluster_listen <url>       Cluster url from which members can solicit routes

            Profiling Options:
                    --profile <port>             Profiling HTTP port

            Common Options:
                -h, --help                       Show this message
                -v, --version                    Show version
                    --help_tls                   TLS help
            """;

    private CommandLine() {
    }

    /** @return the usage text, in nats-server's layout */
    public static String usage() {
        return USAGE;
    }

    /**
     * Parses the arguments (without the program name).
     *
     * @throws CommandLineException naming the offending flag or argument
     */
    public static CommandLineOptions parse(String... args) throws CommandLineException {
        Map<Flag, Object> values = new EnumMap<>(Flag.class);
        List<String> positional = new ArrayList<>();
        int i = 0;
        while (i < args.length) {
            String arg = args[i];
            if (arg.length() < 2 || arg.charAt(0) != '-') {
                break;
            }
            i++;
            if (arg.equals("--")) {
                break;
            }
            String name = arg.substring(arg.charAt(1) == '-' ? 2 : 1);
            if (name.isEmpty() || name.charAt(0) == '-' || name.charAt(0) == '=') {
                throw new CommandLineException("bad flag syntax: " + arg);
            }
            String value = null;
            int eq = name.indexOf('=');
            if (eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            Flag flag = Flag.byName(name);
            if (flag == null) {
                throw new CommandLineException("flag provided but not defined: -" + name);
            }
            if (flag.type == Flag.Type.BOOL) {
                values.put(flag, value == null || parseBool(value, name));
                continue;
            }
            if (value == null) {
                if (i >= args.length) {
                    throw new CommandLineException("flag needs an argument: -" + name);
                }
                value = args[i++];
            }
            values.put(flag, flag.type == Flag.Type.INT ? parseInt(value, name) : value);
        }
        positional.addAll(Arrays.asList(args).subList(i, args.length));
        return OptionsBuilder.build(values, positional);
    }

    /** Go's strconv.ParseBool. */
    private static boolean parseBool(String value, String name) throws CommandLineException {
        return switch (value) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw new CommandLineException(
                    "invalid boolean value \"" + value + "\" for -" + name + ": parse error");
        };
    }

    /** Go's strconv.ParseInt(s, 0, 64): sign, then 0x/0o/0b/0 prefixes, underscores with a prefix. */
    private static long parseInt(String value, String name) throws CommandLineException {
        String s = value;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        int radix = 10;
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("0x")) {
            radix = 16;
            s = s.substring(2);
        } else if (lower.startsWith("0o")) {
            radix = 8;
            s = s.substring(2);
        } else if (lower.startsWith("0b")) {
            radix = 2;
            s = s.substring(2);
        } else if (s.length() > 1 && s.charAt(0) == '0') {
            radix = 8;
            s = s.substring(1);
        }
        if (radix != 10) {
            s = s.replace("_", "");
        }
        try {
            if (s.isEmpty() || s.charAt(0) == '-' || s.charAt(0) == '+') {
                throw new NumberFormatException();
            }
            long n = Long.parseLong(s, radix);
            return negative ? -n : n;
        } catch (NumberFormatException e) {
            throw new CommandLineException("invalid value \"" + value + "\" for flag -" + name + ": parse error");
        }
    }
}
