package io.natsj.kernel.client;

import io.natsj.kernel.log.Log;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Protocol tracing ({@code -V}) in nats-server's form: {@code <<- [SUB foo 1]} for what the
 * client sent, {@code <<- MSG_PAYLOAD: ["hi"]} for a body, {@code ->> [MSG foo 1 2]} for what
 * the server sent. Callers check {@link Log#isTrace()} first, so nothing is built otherwise.
 */
final class ProtocolTrace {

    private ProtocolTrace() {
    }

    static void in(ClientConnection c, ByteBuf data, int start, int end) {
        Log.trace(c.label() + " - <<- [" + data.toString(start, end - start, StandardCharsets.UTF_8) + "]");
    }

    static void payload(ClientConnection c, InboundMessage m) {
        String body = m.buffer().toString(m.bodyOffset(), m.bodyLength(), StandardCharsets.UTF_8);
        Log.trace(c.label() + " - <<- MSG_PAYLOAD: [" + goQuote(body) + "]");
    }

    static void out(ClientConnection c, byte[] line) {
        String text = new String(line, StandardCharsets.UTF_8).strip();
        if (text.startsWith("INFO ")) {
            return;
        }
        if (text.equals("+OK")) {
            text = "OK";
        } else if (text.startsWith("-ERR '") && text.endsWith("'")) {
            text = "-ERR " + text.substring(6, text.length() - 1);
        }
        Log.trace(c.label() + " - ->> [" + text + "]");
    }

    static void delivery(ClientConnection c, InboundMessage m, byte[] sid, boolean withHeaders) {
        StringBuilder sb = new StringBuilder(withHeaders ? "HMSG " : "MSG ")
                .append(m.buffer().toString(m.subjectOffset(), m.subjectLength(), StandardCharsets.UTF_8))
                .append(' ').append(new String(sid, StandardCharsets.US_ASCII)).append(' ');
        if (m.replyLength() > 0) {
            sb.append(m.buffer().toString(m.replyOffset(), m.replyLength(), StandardCharsets.UTF_8)).append(' ');
        }
        if (withHeaders) {
            sb.append(m.headerLength()).append(' ').append(m.bodyLength());
        } else {
            sb.append(m.payloadLength());
        }
        Log.trace(c.label() + " - ->> [" + sb + "]");
    }

    /** Quotes like Go's %q: the escapes a reader of nats-server traces expects. */
    static String goQuote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (ch < 0x20 || ch == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
