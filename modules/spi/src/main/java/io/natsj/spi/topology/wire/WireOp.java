package io.natsj.spi.topology.wire;

/**
 * The operations a server-to-server connection may carry, matched case-insensitively as nats-server's
 * parser does. On a route, {@code LS+}, {@code LS-} and {@code LMSG} are read though natsj never
 * sends them there (it does not announce {@code lnoc}); on a leaf connection
 * ({@link WireDecoder#leaf}) they are the protocol itself, without an account.
 * {@code A+}/{@code A-} are read and ignored.
 */
public enum WireOp {
    INFO(null), CONNECT("CONNECT"), PING("PING"), PONG("PONG"), OK(null), ERR(null), RS_PLUS("RS+"),
    RS_MINUS("RS-"), LS_PLUS("LS+"), LS_MINUS("LS-"), RMSG("RMSG"), HMSG("HMSG"), LMSG("LMSG"), A_PLUS("A+"),
    A_MINUS("A-"), UNKNOWN(null);

    private final String traced;

    WireOp(String traced) {
        this.traced = traced;
    }

    /** @return the name nats-server's trace gives the operation received, or null when it traces none */
    public String traced() {
        return traced;
    }

    /**
     * @param line a control line, copied out of the read buffer
     * @param at where the operation name starts
     * @param length its length
     * @return the operation, {@link #UNKNOWN} when it is none of them
     */
    static WireOp of(byte[] line, int at, int length) {
        return switch (length) {
            case 2 -> is(line, at, "A+") ? A_PLUS : is(line, at, "A-") ? A_MINUS : UNKNOWN;
            case 3 -> is(line, at, "+OK") ? OK : is(line, at, "RS+") ? RS_PLUS : is(line, at, "RS-") ? RS_MINUS
                    : is(line, at, "LS+") ? LS_PLUS : is(line, at, "LS-") ? LS_MINUS : UNKNOWN;
            case 4 -> is(line, at, "RMSG") ? RMSG : is(line, at, "HMSG") ? HMSG : is(line, at, "PING") ? PING
                    : is(line, at, "PONG") ? PONG : is(line, at, "INFO") ? INFO : is(line, at, "-ERR") ? ERR
                    : is(line, at, "LMSG") ? LMSG : UNKNOWN;
            case 7 -> is(line, at, "CONNECT") ? CONNECT : UNKNOWN;
            default -> UNKNOWN;
        };
    }

    private static boolean is(byte[] line, int at, String name) {
        for (int i = 0; i < name.length(); i++) {
            int b = line[at + i];
            if (b >= 'a' && b <= 'z') {
                b -= 'a' - 'A';
            }
            if (b != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
