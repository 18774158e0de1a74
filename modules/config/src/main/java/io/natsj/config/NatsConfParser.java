package io.natsj.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Parser for nats-server's own configuration grammar (the one of its {@code conf} package),
 * producing a typesafe {@link Config} whose values carry {@code file: line} origins.
 *
 * <p>Accepted, as nats-server accepts it: {@code key: v}, {@code key = v}, {@code key v};
 * maps {@code {}} and arrays {@code []} separated by commas or newlines; {@code #} and
 * {@code //} comments; single-quoted (raw) and double-quoted (escaped) strings; unquoted
 * strings, including addresses like {@code 127.0.0.1:4222}; integers with size suffixes
 * (k/m/g/t/p/e = powers of 1000, kb/ki/kib... = powers of 1024); floats; booleans
 * (true/false/yes/no/on/off); Zulu datetimes (kept as strings); block strings {@code ( ... )}
 * closed by a line holding only {@code )}; {@code include file} relative to the including
 * file; and {@code $name} references to a key defined earlier in the same or an enclosing
 * block (included files count), else to an environment variable whose value is itself parsed
 * as a value. A reference to {@code $2a$...} is a bcrypt hash and stays a string.
 *
 * <p>Keys are kept exactly as written, dots included ({@code "a.b"} stays one key). A later
 * definition of a key replaces the earlier one; blocks are not merged. Departures from
 * nats-server: include cycles are an error instead of endless recursion, absolute include paths
 * are used as they are, and an integer with an unknown suffix is an error instead of being dropped.
 */
public final class NatsConfParser {

    private final Function<String, String> environment;

    /** A parser whose variables fall back to the process environment. */
    public NatsConfParser() {
        this(System::getenv);
    }

    /**
     * @param environment looks up variables not defined in the file; returns null when unset
     */
    public NatsConfParser(Function<String, String> environment) {
        this.environment = Objects.requireNonNull(environment);
    }

    /**
     * Parses a file (and the files it includes).
     *
     * @throws NatsConfException with {@code file:line:col} on any failure
     */
    public Config parse(Path file) {
        return new Run().file(file.toAbsolutePath().normalize(), null, 0).toConfig();
    }

    /**
     * Parses text; includes resolve against {@code baseDir}.
     *
     * @param originName how the text is named in origins and errors
     */
    public Config parse(String text, String originName, Path baseDir) {
        Run run = new Run();
        return ConfigValueFactory.fromMap(run.document(text, originName, baseDir.toAbsolutePath()), originName)
                .toConfig();
    }

    /** State of one parse: the include chain and the environment variables being expanded. */
    private final class Run {
        private final List<Path> includeChain = new ArrayList<>();
        private final Set<String> expandingVariables = new HashSet<>();

        ConfigObject file(Path file, ConfText from, int position) {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw failure(file, from, position, "open " + file + ": no such file or directory");
            } catch (IOException e) {
                throw failure(file, from, position, "error opening config file " + file + ": " + e);
            }
            includeChain.add(file);
            try {
                return ConfigValueFactory.fromMap(document(text, file.toString(), file.getParent()), file.toString());
            } finally {
                includeChain.removeLast();
            }
        }

        private NatsConfException failure(Path file, ConfText from, int position, String reason) {
            if (from == null) {
                return new NatsConfException(NatsConfException.Kind.IO, file.toString(), 0, 0, reason);
            }
            return from.error(NatsConfException.Kind.IO, position, reason);
        }

        Map<String, ConfigValue> document(String text, String name, Path baseDir) {
            ConfText in = new ConfText(text, name);
            return new NatsConfDocument(in, new NatsConfDocument.Context() {
                @Override
                public Map<String, ConfigValue> include(String target, ConfText from, int position) {
                    return Run.this.include(baseDir, target, from, position);
                }

                @Override
                public ConfigValue fallbackVariable(String variable, ConfText from, int position) {
                    return environmentVariable(variable, from, position);
                }
            }).parse();
        }

        private Map<String, ConfigValue> include(Path baseDir, String target, ConfText from, int position) {
            Path file = baseDir.resolve(target).toAbsolutePath().normalize();
            if (includeChain.contains(file)) {
                List<String> cycle = new ArrayList<>(includeChain.stream().map(Path::toString).toList());
                cycle.add(file.toString());
                throw from.error(NatsConfException.Kind.IO, position,
                        "include cycle: " + String.join(" -> ", cycle));
            }
            Run nested = new Run();
            nested.includeChain.addAll(includeChain);
            try {
                return new LinkedHashMap<>(nested.file(file, from, position));
            } catch (NatsConfException e) {
                throw from.error(e.kind(), position, "error parsing include file '" + target + "', " + e.getMessage());
            }
        }

        private ConfigValue environmentVariable(String variable, ConfText from, int position) {
            int line = from.lineAt(position);
            String value = environment.apply(variable);
            if (value == null) {
                throw from.error(NatsConfException.Kind.VARIABLE, position,
                        "variable reference for '" + variable + "' on line " + line + " can not be found");
            }
            if (!expandingVariables.add(variable)) {
                throw from.error(NatsConfException.Kind.VARIABLE, position, "variable reference for '" + variable
                        + "' on line " + line + " could not be parsed: variable reference cycle for '" + variable + "'");
            }
            try {
                // nats-server parses the value as if it were written "pk=<value>" in a file.
                Map<String, ConfigValue> parsed = document("pk=" + value, "environment variable " + variable,
                        Path.of("").toAbsolutePath());
                ConfigValue result = parsed.get("pk");
                if (result == null) {
                    throw from.error(NatsConfException.Kind.VARIABLE, position,
                            "variable reference for '" + variable + "' on line " + line + " can not be found");
                }
                return result;
            } catch (NatsConfException e) {
                if (e.reason().contains("variable reference cycle")) {
                    throw e;
                }
                throw from.error(NatsConfException.Kind.VARIABLE, position, "variable reference for '" + variable
                        + "' on line " + line + " could not be parsed: " + e.reason());
            } finally {
                expandingVariables.remove(variable);
            }
        }
    }
}
