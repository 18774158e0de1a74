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

    static void in(ClientConnection c, Operation op, ByteBuf data, int argStart, int argEnd) {
        String args = argEnd > argStart ? data.toString(argStart, argEnd - argStart, StandardCharsets.UTF_8) : null;
        if (args != null && op == Operation.CONNECT) {
            args = TraceRedaction.connect(args);
        }
        String line = args != null ? op.text() + " " + args : op.text();
        Log.trace(c.label() + " - <<- [" + line + "]");
    }

    static void payload(ClientConnection c, InboundMessage m) {
        String body = m.buffer().toString(m.bodyOffset(), m.bodyLength(), StandardCharsets.UTF_8);
        Log.trace(c.label() + " - <<- MSG_PAYLOAD: [" + GoFormat.quote(body) + "]");
    }

    static void out(ClientConnection c, byte[] line) {
        String text = new String(line, StandardCharsets.UTF_8);
        if (text.startsWith("INFO ")) {
            return;
        }
        Log.trace(c.label() + " - ->> [" + GoFormat.sentLineTrace(text) + "]");
    }

    static void delivery(ClientConnection c, InboundMessage m, byte[] sid, boolean withHeaders) {
        StringBuilder sb = new StringBuilder(withHeaders ? "HMSG " : "MSG ")
                .append(m.buffer().toString(m.subjectOffset(), m.subjectLength(), StandardCharsets.UTF_8))
                .append(' ').append(new String(sid, StandardCharsets.US_ASCII)).append(' ');
        if (m.replyLength() > 0) {
            sb.append(m.buffer().toString(m.replyOffset(), m.replyLength(), StandardCharsets.UTF_8)).append(' ');
        }
        if (withHeaders) {
            sb.append(size(m, m.headerSizeTextOffset(), m.headerSizeTextLength(), m.headerLength())).append(' ')
                    .append(size(m, m.sizeTextOffset(), m.sizeTextLength(), m.bodyLength()));
        } else if (m.headerLength() > 0) {
            sb.append(m.payloadLength());
        } else {
            sb.append(size(m, m.sizeTextOffset(), m.sizeTextLength(), m.bodyLength()));
        }
        Log.trace(c.label() + " - ->> [" + sb + "]");
    }

    private static String size(InboundMessage m, int textOffset, int textLength, int value) {
        return textLength > 0 ? m.buffer().toString(textOffset, textLength, StandardCharsets.US_ASCII)
                : Integer.toString(value);
    }
}
