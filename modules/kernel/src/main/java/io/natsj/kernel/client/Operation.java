package io.natsj.kernel.client;

/**
 * The operations a client may send, with the name nats-server's parser matches letter by letter
 * (case-insensitively) and what it expects after the name.
 */
enum Operation {
    PUB("PUB", Arguments.AFTER_BLANK),
    HPUB("HPUB", Arguments.AFTER_BLANK),
    SUB("SUB", Arguments.AFTER_BLANK),
    UNSUB("UNSUB", Arguments.AFTER_BLANK),
    PING("PING", Arguments.IGNORED),
    PONG("PONG", Arguments.IGNORED),
    CONNECT("CONNECT", Arguments.DIRECTLY),
    INFO("INFO", Arguments.DIRECTLY),
    OK("+OK", Arguments.IGNORED),
    ERR("-ERR", Arguments.AFTER_BLANK);

    /** What follows the operation's name. */
    enum Arguments {
        /** A space or tab must come next (anything else is an unknown operation), then arguments. */
        AFTER_BLANK,
        /** Arguments start at the first byte that is not a blank, whatever it is. */
        DIRECTLY,
        /** Everything up to the LF is ignored (so {@code PINGX} is a PING). */
        IGNORED
    }

    private final String text;
    private final byte[] name;
    private final Arguments arguments;

    Operation(String text, Arguments arguments) {
        this.text = text;
        this.name = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        this.arguments = arguments;
    }

    /** @return the name in upper case, as nats-server writes it in traces */
    String text() {
        return text;
    }

    int nameLength() {
        return name.length;
    }

    /** @return the upper-case letter at position i of the name */
    byte letter(int i) {
        return name[i];
    }

    Arguments arguments() {
        return arguments;
    }

    /**
     * The candidate operation from a control line's first two bytes (the second only matters
     * after a P).
     *
     * @param first the first byte, upper-cased
     * @param second the second byte, upper-cased, or -1 when it has not arrived
     * @return the operation, null for none, or PUB as a placeholder while a P waits for its
     *     second byte (the caller re-scans once it arrives)
     */
    static Operation candidate(int first, int second) {
        return switch (first) {
            case 'P' -> second == 'I' ? PING : second == 'O' ? PONG : second == 'U' || second < 0 ? PUB : null;
            case 'H' -> HPUB;
            case 'S' -> SUB;
            case 'U' -> UNSUB;
            case 'C' -> CONNECT;
            case 'I' -> INFO;
            case '+' -> OK;
            case '-' -> ERR;
            default -> null;
        };
    }

    static int upper(int b) {
        return b >= 'a' && b <= 'z' ? b - ('a' - 'A') : b;
    }
}
