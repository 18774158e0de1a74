package io.natsj.kernel.client;

import io.netty.buffer.ByteBuf;

/**
 * The operations a client may send, recognised case-insensitively from the first token of a
 * control line.
 */
enum Operation {
    PUB, HPUB, SUB, UNSUB, PING, PONG, CONNECT, INFO, OK, ERR, UNKNOWN;

    static Operation of(ByteBuf data, int offset, int length) {
        if (length > 4) {
            // nats-server reads PING and PONG by their first four letters and ignores the rest.
            if (is(data, offset, "PING")) {
                return PING;
            }
            if (is(data, offset, "PONG")) {
                return PONG;
            }
        }
        return switch (length) {
            case 3 -> is(data, offset, "PUB") ? PUB : is(data, offset, "SUB") ? SUB
                    : is(data, offset, "+OK") ? OK : UNKNOWN;
            case 4 -> is(data, offset, "HPUB") ? HPUB : is(data, offset, "PING") ? PING
                    : is(data, offset, "PONG") ? PONG : is(data, offset, "INFO") ? INFO
                    : is(data, offset, "-ERR") ? ERR : UNKNOWN;
            case 5 -> is(data, offset, "UNSUB") ? UNSUB : UNKNOWN;
            case 7 -> is(data, offset, "CONNECT") ? CONNECT : UNKNOWN;
            default -> UNKNOWN;
        };
    }

    private static boolean is(ByteBuf data, int offset, String upper) {
        for (int i = 0; i < upper.length(); i++) {
            int b = data.getByte(offset + i);
            if (b >= 'a' && b <= 'z') {
                b -= 'a' - 'A';
            }
            if (b != upper.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
