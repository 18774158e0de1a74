package io.natsj.config.cli;

import java.util.Optional;
import java.util.Set;

/**
 * A {@code --signal CMD[=PID]} request: send {@code command} to a running server.
 *
 * @param command one of {@link #COMMANDS}
 * @param pid     a process id, or the path of a PID file (nats-server tries to read it as a
 *                file first, else takes the text as the PID); empty to find the server itself
 */
public record SignalRequest(String command, Optional<String> pid) {

    /** The commands nats-server accepts. */
    public static final Set<String> COMMANDS = Set.of("ldm", "stop", "quit", "term", "reopen", "reload");

    static SignalRequest parse(String text) throws CommandLineException {
        String[] parts = text.split("=", -1);
        if (parts.length > 2) {
            throw new CommandLineException("invalid signal parameters: ["
                    + String.join(" ", java.util.Arrays.copyOfRange(parts, 2, parts.length)) + "]");
        }
        if (!COMMANDS.contains(parts[0])) {
            throw new CommandLineException("unknown signal \"" + parts[0] + "\"");
        }
        return new SignalRequest(parts[0], parts.length == 2 ? Optional.of(parts[1]) : Optional.empty());
    }
}
