package io.natsj.kernel.log;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.TimeZone;

/**
 * The server log. One instance per process, configured once at startup: nats-server logs
 * through one global logger too, and plugins log through the kernel's.
 */
public final class Log {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss.SSSSSS");
    /**
     * Local time as java.util's zone reads it: going through java.time's {@code ZoneId} would
     * load and parse the time-zone database a second time, 8 ms of every start.
     */
    private static final TimeZone ZONE = TimeZone.getDefault();
    private static final String PREFIX = "[" + ProcessHandle.current().pid() + "] ";

    private static volatile PrintStream out = System.err;
    private static volatile boolean debug;
    private static volatile boolean trace;
    private static volatile boolean time = true;

    private Log() {
    }

    /**
     * @param debugOn log [DBG] lines
     * @param traceOn log [TRC] lines (protocol traces)
     * @param withTime prefix lines with the date and time
     * @param file log to this file (appending) instead of standard error, or null
     * @throws IOException when the file cannot be opened
     */
    public static synchronized void configure(boolean debugOn, boolean traceOn, boolean withTime, Path file)
            throws IOException {
        debug = debugOn;
        trace = traceOn;
        time = withTime;
        if (file != null) {
            OutputStream fos = new FileOutputStream(file.toFile(), true);
            out = new PrintStream(fos, true, StandardCharsets.UTF_8);
        }
    }

    /** @return true when debug lines are logged */
    public static boolean isDebug() {
        return debug;
    }

    /** @return true when trace lines are logged */
    public static boolean isTrace() {
        return trace;
    }

    /** @param msg an informational line */
    public static void info(String msg) {
        write("INF", msg);
    }

    /** @param msg a warning */
    public static void warn(String msg) {
        write("WRN", msg);
    }

    /** @param msg an error */
    public static void error(String msg) {
        write("ERR", msg);
    }

    /** @param msg a fatal error, logged before the process exits */
    public static void fatal(String msg) {
        write("FTL", msg);
    }

    /** @param msg a debug line, logged only with -D */
    public static void debug(String msg) {
        if (debug) {
            write("DBG", msg);
        }
    }

    /** @param msg a protocol trace line, logged only with -V */
    public static void trace(String msg) {
        if (trace) {
            write("TRC", msg);
        }
    }

    private static void write(String level, String msg) {
        StringBuilder sb = new StringBuilder(64 + msg.length()).append(PREFIX);
        if (time) {
            sb.append(TIME.format(localNow())).append(' ');
        }
        sb.append('[').append(level).append("] ").append(msg);
        out.println(sb);
    }

    private static LocalDateTime localNow() {
        Instant now = Instant.now();
        int offsetSeconds = ZONE.getOffset(now.toEpochMilli()) / 1000;
        return LocalDateTime.ofEpochSecond(now.getEpochSecond(), now.getNano(), ZoneOffset.ofTotalSeconds(offsetSeconds));
    }
}
