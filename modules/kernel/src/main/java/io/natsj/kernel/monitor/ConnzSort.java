package io.natsj.kernel.monitor;

import java.time.Duration;
import java.util.Comparator;

/**
 * The orders /connz's {@code sort} parameter names. Only {@code cid}, {@code start} and
 * {@code uptime} ascend (uptime from the youngest); the rest put the largest first, as
 * nats-server does. Ties fall back to the connection id so that pages are stable.
 */
enum ConnzSort {
    CID("cid", Comparator.comparingLong(ConnSample::cid)),
    START("start", Comparator.comparingLong(ConnSample::cid)),
    SUBS("subs", descending(Comparator.comparingInt(ConnSample::numSubs))),
    PENDING("pending", descending(Comparator.comparingLong(ConnSample::pendingBytes))),
    MSGS_TO("msgs_to", descending(Comparator.comparingLong(ConnSample::outMsgs))),
    MSGS_FROM("msgs_from", descending(Comparator.comparingLong(ConnSample::inMsgs))),
    BYTES_TO("bytes_to", descending(Comparator.comparingLong(ConnSample::outBytes))),
    BYTES_FROM("bytes_from", descending(Comparator.comparingLong(ConnSample::inBytes))),
    LAST("last", descending(Comparator.comparing(ConnSample::lastActivity))),
    // nats-server's "idle" compares the time from start to last activity, largest first.
    IDLE("idle", descending(Comparator.comparing(s -> Duration.between(s.start(), s.lastActivity())))),
    UPTIME("uptime", Comparator.comparing(ConnSample::start).reversed()),
    // Only for closed connections: the most recently closed first; reasons alphabetically.
    STOP("stop", descending(Comparator.comparing(ConnSample::stop))),
    REASON("reason", Comparator.comparing(ConnSample::reason));

    private final String param;
    private final Comparator<ConnSample> order;

    ConnzSort(String param, Comparator<ConnSample> order) {
        this.param = param;
        this.order = order.thenComparingLong(ConnSample::cid);
    }

    /** @return the comparator putting samples in this order */
    Comparator<ConnSample> order() {
        return order;
    }

    /**
     * @param param the {@code sort} parameter, "" for the default
     * @return the order
     * @throws BadRequestException with nats-server's text for an unknown option
     */
    static ConnzSort parse(String param) throws BadRequestException {
        if (param.isEmpty()) {
            return CID;
        }
        for (ConnzSort s : values()) {
            if (s.param.equals(param)) {
                return s;
            }
        }
        throw new BadRequestException("invalid sorting option: " + param);
    }

    private static Comparator<ConnSample> descending(Comparator<ConnSample> ascending) {
        return ascending.reversed();
    }
}
