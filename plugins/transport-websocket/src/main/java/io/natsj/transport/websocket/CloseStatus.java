package io.natsj.transport.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * The payload of a close frame: a status (RFC 6455 7.4) and a text. nats-server picks the
 * status from why it closes the connection and sends that reason as the text; the kernel's
 * reasons are nats-server's words, so the same table applies.
 */
final class CloseStatus {

    static final int NORMAL = 1000;
    static final int GOING_AWAY = 1001;
    static final int PROTOCOL_ERROR = 1002;
    static final int NO_STATUS = 1005;
    static final int ABNORMAL = 1006;
    static final int INVALID_PAYLOAD = 1007;
    static final int POLICY_VIOLATION = 1008;
    static final int MESSAGE_TOO_BIG = 1009;
    static final int INTERNAL_ERROR = 1011;
    static final int TLS_HANDSHAKE = 1015;

    private static final int MAX_CONTROL_PAYLOAD = 125;

    private CloseStatus() {
    }

    /**
     * @param reason why the kernel closes the connection (nats-server's ClosedState text)
     * @return the status nats-server sends for it
     */
    static int forReason(String reason) {
        return switch (reason) {
            case "Client Closed" -> NORMAL;
            case "Authentication Timeout", "Authentication Failure", "Slow Consumer (Pending Bytes)",
                 "Slow Consumer (Write Deadline)", "Maximum Account Connections Exceeded",
                 "Maximum Connections Exceeded", "Maximum Control Line Exceeded",
                 "Maximum Subscriptions Exceeded", "Missing Account", "Authentication Expired",
                 "Credentials Revoked" -> POLICY_VIOLATION;
            case "TLS Handshake Failure" -> TLS_HANDSHAKE;
            case "Parse Error", "Protocol Violation", "Bad Client Protocol Version" -> PROTOCOL_ERROR;
            case "Maximum Message Payload Exceeded" -> MESSAGE_TOO_BIG;
            case "Server Shutdown" -> GOING_AWAY;
            case "Write Error", "Read Error", "Stale Connection" -> ABNORMAL;
            default -> INTERNAL_ERROR;
        };
    }

    /**
     * @param status the status
     * @param text the reason; cut to fit a control frame with "..." as nats-server does
     * @return the close frame's payload
     */
    static ByteBuf payload(ByteBufAllocator alloc, int status, String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        int length = body.length;
        boolean cut = length > MAX_CONTROL_PAYLOAD - 2;
        if (cut) {
            length = MAX_CONTROL_PAYLOAD - 5;
        }
        ByteBuf out = alloc.buffer(2 + length + (cut ? 3 : 0));
        out.writeShort(status);
        out.writeBytes(body, 0, length);
        if (cut) {
            out.writeBytes(new byte[] {'.', '.', '.'});
        }
        return out;
    }
}
