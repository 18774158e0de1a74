package io.natsj.kernel.client;

import io.natsj.config.GoFormat;
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
        Log.trace(c.label() + " - <<- MSG_PAYLOAD: [" + GoFormat.quote(body) + "]");
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
}
