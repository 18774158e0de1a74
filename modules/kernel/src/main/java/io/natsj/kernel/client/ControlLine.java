package io.natsj.kernel.client;

import io.netty.buffer.ByteBuf;

/**
 * Finds one control line and its operation the way nats-server 2.9's byte-by-byte parser reads
 * them, so that odd input gets nats-server's answer:
 * <ul>
 *   <li>the name is matched letter by letter, so a wrong byte (a leading space or tab, a CR, a
 *       misspelling) is an unknown operation as soon as it arrives, without waiting for the LF;</li>
 *   <li>PUB, HPUB, SUB, UNSUB and -ERR need a space or tab after the name, CONNECT and INFO do
 *       not, PING, PONG and +OK ignore everything up to the LF;</li>
 *   <li>blanks before the arguments are skipped, and the first other byte starts them even when
 *       it is a CR or LF (so {@code PUB \r\n} has the argument {@code \r}, and after
 *       {@code PUB \n} the line runs on to the next LF);</li>
 *   <li>when a CR appeared among the arguments, their last byte is dropped: normally the CR before
 *       the LF, but a bare CR earlier in a line without one costs its last argument byte.</li>
 * </ul>
 * One instance per connection, reused for every line: scanning allocates nothing.
 */
final class ControlLine {

    /** What {@link #scan} found. */
    enum Scan {
        /** The line is complete: {@link #op}, {@link #argStart}, {@link #argEnd} and {@link #lf} are set. */
        COMPLETE,
        /** More bytes are needed; {@link #argStart} is set (or -1) for the control-line limit. */
        INCOMPLETE,
        /** Not an operation a client may send. */
        UNKNOWN
    }

    Operation op;
    /** Where the arguments start (the byte after the name for operations without any). */
    int argStart;
    /** Where the arguments end (exclusive), the dropped byte excluded. */
    int argEnd;
    /** The LF that ends the line. */
    int lf;

    /**
     * @param data the buffer
     * @param start where the line starts
     * @param limit the end of the readable bytes
     * @return what was found
     */
    Scan scan(ByteBuf data, int start, int limit) {
        argStart = -1;
        int second = start + 1 < limit ? Operation.upper(data.getByte(start + 1)) : -1;
        op = Operation.candidate(Operation.upper(data.getByte(start)), second);
        if (op == null) {
            return Scan.UNKNOWN;
        }
        int p = start + 1;
        for (int k = 1; k < op.nameLength(); k++, p++) {
            if (p >= limit) {
                return Scan.INCOMPLETE;
            }
            if (Operation.upper(data.getByte(p)) != op.letter(k)) {
                return Scan.UNKNOWN;
            }
        }
        switch (op.arguments()) {
            case IGNORED -> {
                lf = data.indexOf(p, limit, (byte) '\n');
                if (lf < 0) {
                    return Scan.INCOMPLETE;
                }
                argStart = p;
                argEnd = p;
                return Scan.COMPLETE;
            }
            case AFTER_BLANK -> {
                if (p >= limit) {
                    return Scan.INCOMPLETE;
                }
                if (!isBlank(data.getByte(p))) {
                    return Scan.UNKNOWN;
                }
                p++;
            }
            case DIRECTLY -> { }
        }
        while (p < limit && isBlank(data.getByte(p))) {
            p++;
        }
        if (p >= limit) {
            return Scan.INCOMPLETE;
        }
        argStart = p;
        lf = data.indexOf(p + 1, limit, (byte) '\n');
        if (lf < 0) {
            return Scan.INCOMPLETE;
        }
        argEnd = crAmongArguments(data, lf) ? lf - 1 : lf;
        return Scan.COMPLETE;
    }

    /**
     * @return the length nats-server holds against max_control_line for a line still waiting for
     *     its LF: the arguments so far (less the dropped byte), or -1 before they start
     */
    int partialArgumentLength(ByteBuf data, int limit) {
        if (argStart < 0) {
            return -1;
        }
        return crAmongArguments(data, limit) ? limit - argStart - 1 : limit - argStart;
    }

    /** @return the length of the arguments */
    int argumentLength() {
        return argEnd - argStart;
    }

    /** A CR after the first argument byte, up to {@code end}: the usual one sits just before the LF. */
    private boolean crAmongArguments(ByteBuf data, int end) {
        if (end - 1 <= argStart) {
            return false;
        }
        return data.getByte(end - 1) == '\r' || data.indexOf(argStart + 1, end - 1, (byte) '\r') >= 0;
    }

    static boolean isBlank(byte b) {
        return b == ' ' || b == '\t';
    }
}
