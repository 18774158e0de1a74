package io.natsj.spi.topology.wire;

import io.natsj.config.GoFormat;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Protocol tracing of a peer connection ({@code trace: true}, {@code -V}) in nats-server
 * 2.9.10's form, shared by the topology plugins (routes, gateways, leaf nodes):
 * {@code 127.0.0.1:4248 - rid:3 - <<- [RS+ $G foo]} for what the peer sent,
 * {@code <<- MSG_PAYLOAD: ["hi"]} for a message's payload, {@code ->> [RMSG $G foo 2]} for
 * what this server sent, a CONNECT's password redacted. Which lines are traced at all (nats-server
 * traces no INFO, for one) is each plugin's rule; callers check {@link #enabled} once per
 * connection so that nothing is built when tracing is off.
 */
public final class WireTrace {

    /** nats-server's passPat: the value of the first key starting with "pass". */
    private static final Pattern PASS = Pattern.compile("\"?\\s*pass\\S*?\"?\\s*[:=]\\s*\"?(([^\",\\r\\n}])*)");

    private WireTrace() {
    }

    /**
     * @param log the plugin's logger
     * @return true when the server traces protocol operations
     */
    public static boolean enabled(System.Logger log) {
        return log.isLoggable(System.Logger.Level.TRACE);
    }

    /**
     * @param log the plugin's logger
     * @param label the connection's log label ({@code 127.0.0.1:4248 - rid:3})
     * @param op the operation as received, without CRLF (a CONNECT is redacted here)
     */
    public static void in(System.Logger log, String label, String op) {
        log.log(System.Logger.Level.TRACE, label + " - <<- [" + (op.startsWith("CONNECT") ? redactPassword(op) : op)
                + "]");
    }

    /**
     * @param log the plugin's logger
     * @param label the connection's log label
     * @param buf the read buffer
     * @param at where the payload (headers and body) starts
     * @param length its length
     */
    public static void inPayload(System.Logger log, String label, ByteBuf buf, int at, int length) {
        log.log(System.Logger.Level.TRACE, label + " - <<- MSG_PAYLOAD: ["
                + GoFormat.quote(buf.toString(at, length, StandardCharsets.UTF_8)) + "]");
    }

    /**
     * @param log the plugin's logger
     * @param label the connection's log label
     * @param line a whole line sent (RS+, RS-, PING, PONG, -ERR, +OK), CRLF included
     */
    public static void out(System.Logger log, String label, String line) {
        log.log(System.Logger.Level.TRACE, label + " - ->> [" + GoFormat.sentLineTrace(line) + "]");
    }

    /**
     * @param log the plugin's logger
     * @param label the connection's log label
     * @param out the buffer an RMSG/HMSG frame was just written to
     * @param at where the frame starts; its control line is traced
     */
    public static void outMessage(System.Logger log, String label, ByteBuf out, int at) {
        int cr = out.indexOf(at, out.writerIndex(), (byte) '\r');
        log.log(System.Logger.Level.TRACE, label + " - ->> ["
                + out.toString(at, (cr < 0 ? out.writerIndex() : cr) - at, StandardCharsets.UTF_8) + "]");
    }

    /**
     * @param connect a CONNECT line's text
     * @return it with the password's value replaced by {@code [REDACTED]}, as nats-server traces it
     */
    public static String redactPassword(String connect) {
        if (!connect.contains("pass")) {
            return connect;
        }
        Matcher m = PASS.matcher(connect);
        if (!m.find()) {
            return connect;
        }
        return connect.substring(0, m.start(1)) + "[REDACTED]" + connect.substring(m.end(1));
    }
}
