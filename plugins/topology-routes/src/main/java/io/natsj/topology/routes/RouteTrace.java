package io.natsj.topology.routes;

import io.natsj.spi.topology.wire.WireTrace;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Route protocol tracing ({@code trace: true}, {@code -V}) in nats-server 2.9.10's form, with
 * the SPI's {@link WireTrace}: {@code 127.0.0.1:4248 - rid:3 - <<- [RS+ $G foo]} for what the
 * peer sent, {@code <<- MSG_PAYLOAD: ["hi"]} for a routed message's payload,
 * {@code ->> [RMSG $G foo 2]} for what this server sent. As nats-server, INFO in either
 * direction, our CONNECT and the interest sent when a route registers are not traced, and a
 * CONNECT's password is redacted.
 *
 * <p>Callers check {@link RouteConnection#tracing()} first (read once per connection), so
 * nothing is built when tracing is off.
 */
final class RouteTrace {

    private static final System.Logger LOG = System.getLogger("io.natsj.topology.routes");

    private RouteTrace() {
    }

    /** @return true when the server traces protocol operations */
    static boolean enabled() {
        return WireTrace.enabled(LOG);
    }

    /**
     * @param c the route
     * @param op the operation as received, without CRLF
     */
    static void in(RouteConnection c, String op) {
        WireTrace.in(LOG, c.label(), op);
    }

    /**
     * @param c the route
     * @param buf the read buffer
     * @param at where the payload (headers and body) starts
     * @param length its length
     */
    static void inPayload(RouteConnection c, ByteBuf buf, int at, int length) {
        WireTrace.inPayload(LOG, c.label(), buf, at, length);
    }

    /**
     * @param c the route
     * @param line a whole line sent (RS+, RS-, PING, PONG, -ERR, +OK), CRLF included
     */
    static void out(RouteConnection c, String line) {
        WireTrace.out(LOG, c.label(), line);
    }

    /**
     * @param c the route
     * @param line a whole line about to be sent, CRLF included; not consumed
     */
    static void out(RouteConnection c, ByteBuf line) {
        out(c, line.toString(line.readerIndex(), line.readableBytes(), StandardCharsets.UTF_8));
    }

    /**
     * @param c the route
     * @param out the buffer an RMSG/HMSG frame was just written to
     * @param at where the frame starts; its control line is traced
     */
    static void outMessage(RouteConnection c, ByteBuf out, int at) {
        WireTrace.outMessage(LOG, c.label(), out, at);
    }

    /**
     * @param connect a CONNECT line's text
     * @return it with the password's value replaced by {@code [REDACTED]}, as nats-server traces it
     */
    static String redactPassword(String connect) {
        return WireTrace.redactPassword(connect);
    }
}
