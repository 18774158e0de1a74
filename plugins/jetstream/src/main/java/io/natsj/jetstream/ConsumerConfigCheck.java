package io.natsj.jetstream;

import java.util.Objects;

/**
 * nats-server 2.9.10's checks of a consumer config (checkConsumerCfg) and of a change to an
 * existing consumer (checkNewConsumerConfig), with its error codes and texts.
 */
final class ConsumerConfigCheck {

    static final ApiError NOT_FOUND = new ApiError(404, 10014, "consumer not found");
    static final ApiError MAXIMUM_CONSUMERS = new ApiError(400, 10026, "maximum consumers limit reached");
    static final ApiError NOT_EMPTY_REQUEST = new ApiError(400, 10038, "expected an empty request payload");
    static final ApiError EPHEMERAL_WITH_DURABLE = new ApiError(400, 10020,
            "consumer expected to be ephemeral but a durable name was set in request");
    static final ApiError DURABLE_NOT_IN_SUBJECT = new ApiError(400, 10016,
            "consumer expected to be durable but no durable name set in subject");
    static final ApiError DURABLE_NOT_SET = new ApiError(400, 10018,
            "consumer expected to be durable but a durable name was not set");
    static final ApiError DURABLE_NOT_MATCH = new ApiError(400, 10017,
            "consumer name in subject does not match durable name in request");
    static final ApiError NAME_PATH_SEPARATORS = new ApiError(400, 10127,
            "Consumer name can not contain path separators");
    static final ApiError FILTER_MISMATCH = new ApiError(400, 10131,
            "Consumer create request did not match filtered subject from create subject");
    static final ApiError WQ_EXPLICIT_ACK = new ApiError(400, 10098, "workqueue stream requires explicit ack");
    static final ApiError WQ_MULTIPLE_UNFILTERED = new ApiError(400, 10099,
            "multiple non-filtered consumers not allowed on workqueue stream");
    static final ApiError WQ_NOT_UNIQUE = new ApiError(400, 10100, "filtered consumer not unique on workqueue stream");
    static final ApiError WQ_DELIVER_ALL = new ApiError(400, 10101, "consumer must be deliver all on workqueue stream");
    static final ApiError BAD_DURABLE_NAME = new ApiError(400, 10103, "durable name can not contain '.', '*', '>'");
    static final int MAX_NAME_LEN = 255;
    static final int MAX_DESCRIPTION_LEN = 4 * 1024;

    private ConsumerConfigCheck() {
    }

    static ApiError createError(String text) {
        return new ApiError(500, 10012, text);
    }

    private static ApiError.Failure fail(int code, int errCode, String text) {
        return new ApiError.Failure(new ApiError(code, errCode, text));
    }

    /**
     * @param c the config with defaults filled in
     * @param stream the stream's config
     * @param accountMaxAckPending the account limit, ≤ 0 for none
     * @throws ApiError.Failure with nats-server's error
     */
    static void check(ConsumerConfig c, StreamConfig stream, long accountMaxAckPending) {
        if (c.replicas() > 0 && c.replicas() > stream.replicas()) {
            throw fail(400, 10126, "consumer config replica count exceeds parent stream");
        }
        if (c.replicas() < 0) {
            throw new ApiError.Failure(ApiError.REPLICAS_NEGATIVE);
        }
        if (!c.backoff().isEmpty() && c.maxDeliver() <= c.backoff().size()) {
            throw fail(400, 10116, "max deliver is required to be > length of backoff values");
        }
        if (c.description().length() > MAX_DESCRIPTION_LEN) {
            throw fail(400, 10107, "consumer description is too long, maximum allowed is " + MAX_DESCRIPTION_LEN);
        }
        if (!c.deliverSubject().isEmpty()) {
            String d = c.deliverSubject();
            if (!SubjectFilter.isValidLiteral(d) && SubjectFilter.isValidSubject(d)) {
                throw fail(400, 10079, "consumer deliver subject has wildcards");
            }
            if (!SubjectFilter.isValidSubject(d)) {
                throw fail(400, 10112, "invalid push consumer deliver subject");
            }
            for (String s : stream.subjects()) {
                if (SubjectFilter.isSubsetMatch(d, s)) {
                    throw fail(400, 10081, "consumer deliver subject forms a cycle");
                }
            }
            if (c.maxWaiting() != 0) {
                throw fail(400, 10080, "consumer in push mode can not set max waiting");
            }
            if (c.maxAckPending() > 0 && !c.acks()) {
                throw fail(400, 10082, "consumer requires ack policy for max ack pending");
            }
            if (c.heartbeat() > 0 && c.heartbeat() < 100_000_000L) {
                throw fail(400, 10083, "consumer idle heartbeat needs to be >= 100ms");
            }
        } else {
            if (!c.acks() && StreamConfig.WORKQUEUE.equals(stream.retention())) {
                throw fail(400, 10084, "consumer in pull mode requires ack policy");
            }
            if (c.rateLimit() > 0) {
                throw fail(400, 10086, "consumer in pull mode can not have rate limit set");
            }
            if (c.maxWaiting() < 0) {
                throw fail(400, 10087, "consumer max waiting needs to be positive");
            }
            if (c.heartbeat() > 0) {
                throw fail(400, 10088, "consumer idle heartbeat requires a push based consumer");
            }
            if (c.flowControl()) {
                throw fail(400, 10089, "consumer flow control requires a push based consumer");
            }
            if (c.maxBatch() < 0) {
                throw fail(400, 10114, "consumer max request batch needs to be > 0");
            }
            if (c.maxExpires() != 0 && c.maxExpires() < 1_000_000L) {
                throw fail(400, 10115, "consumer max request expires needs to be >= 1ms");
            }
        }
        if (accountMaxAckPending > 0 && c.maxAckPending() > accountMaxAckPending) {
            throw fail(400, 10121, "consumer max ack pending exceeds system limit of " + accountMaxAckPending);
        }
        if (c.direct()) {
            if (c.deliverSubject().isEmpty()) {
                throw fail(400, 10090, "consumer direct requires a push based consumer");
            }
            if (c.isDurable()) {
                throw fail(400, 10091, "consumer direct requires an ephemeral consumer");
            }
        }
        if (!c.filterSubject().isEmpty() && !validFilter(c.filterSubject(), stream)) {
            throw fail(400, 10093, "consumer filter subject is not a valid subset of the interest subjects");
        }
        checkStart(c);
        if (!c.sampleFreq().isEmpty()) {
            String s = c.sampleFreq().endsWith("%")
                    ? c.sampleFreq().substring(0, c.sampleFreq().length() - 1) : c.sampleFreq();
            boolean ok;
            try {
                ok = Integer.parseInt(s) >= 0;
            } catch (NumberFormatException e) {
                throw fail(400, 10095, "failed to parse consumer sampling configuration: strconv.Atoi: parsing "
                        + goQuote(s) + ": invalid syntax");
            }
            if (!ok) {
                throw fail(400, 10095, "failed to parse consumer sampling configuration: <nil>");
            }
        }
        if (c.flowControl() && c.heartbeat() == 0) {
            throw fail(400, 10108, "consumer with flow control also needs heartbeats");
        }
        if (c.isDurable() && !c.name().isEmpty() && !c.name().equals(c.durable())) {
            throw fail(400, 10132, "Consumer Durable and Name have to be equal if both are provided");
        }
    }

    private static String goQuote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static boolean validFilter(String filter, StreamConfig stream) {
        if (!SubjectFilter.isValidSubject(filter)) {
            return false;
        }
        boolean wc = !SubjectFilter.isValidLiteral(filter);
        for (String s : stream.subjects()) {
            if (SubjectFilter.isSubsetMatch(filter, s) || (wc && SubjectFilter.isSubsetMatch(s, filter))) {
                return true;
            }
        }
        return false;
    }

    private static void checkStart(ConsumerConfig c) {
        String dp = switch (c.deliverPolicy()) {
            case ConsumerConfig.DELIVER_LAST -> "last";
            case ConsumerConfig.DELIVER_LAST_PER_SUBJECT -> "last per subject";
            case ConsumerConfig.DELIVER_NEW -> "new";
            case ConsumerConfig.DELIVER_BY_SEQ -> "by start sequence";
            case ConsumerConfig.DELIVER_BY_TIME -> "by start time";
            default -> "all";
        };
        boolean seq = c.optStartSeq() > 0;
        boolean time = c.optStartTime() != null;
        switch (c.deliverPolicy()) {
            case ConsumerConfig.DELIVER_BY_SEQ -> {
                if (!seq) {
                    throw notSet(dp, "start sequence");
                }
                if (time) {
                    throw badStart(dp, "time");
                }
            }
            case ConsumerConfig.DELIVER_BY_TIME -> {
                if (!time) {
                    throw notSet(dp, "start time");
                }
                if (seq) {
                    throw badStart(dp, "start sequence");
                }
            }
            default -> {
                if (seq) {
                    throw badStart(dp, "sequence");
                }
                if (time) {
                    throw badStart(dp, "time");
                }
                if (c.deliverPolicy().equals(ConsumerConfig.DELIVER_LAST_PER_SUBJECT) && c.filterSubject().isEmpty()) {
                    throw notSet(dp, "filter subject");
                }
            }
        }
    }

    private static ApiError.Failure badStart(String dp, String start) {
        return fail(400, 10094, "consumer delivery policy is deliver " + dp + ", but optional start " + start
                + " is also set");
    }

    private static ApiError.Failure notSet(String dp, String what) {
        return fail(400, 10094, "consumer delivery policy is deliver " + dp + ", but optional " + what + " is not set");
    }

    /**
     * nats-server's checkNewConsumerConfig: which changes an existing consumer accepts.
     *
     * @throws ApiError.Failure (consumer create error) when the change is refused
     */
    static void checkUpdate(ConsumerConfig old, ConsumerConfig next) {
        if (old.equals(next)) {
            return;
        }
        if (!old.deliverPolicy().equals(next.deliverPolicy())) {
            throw new ApiError.Failure(createError("deliver policy can not be updated"));
        }
        if (old.optStartSeq() != next.optStartSeq()) {
            throw new ApiError.Failure(createError("start sequence can not be updated"));
        }
        if (!Objects.equals(old.optStartTime(), next.optStartTime())) {
            throw new ApiError.Failure(createError("start time can not be updated"));
        }
        if (!old.ackPolicy().equals(next.ackPolicy())) {
            throw new ApiError.Failure(createError("ack policy can not be updated"));
        }
        if (!old.replayPolicy().equals(next.replayPolicy())) {
            throw new ApiError.Failure(createError("replay policy can not be updated"));
        }
        if (old.heartbeat() != next.heartbeat()) {
            throw new ApiError.Failure(createError("heart beats can not be updated"));
        }
        if (old.flowControl() != next.flowControl()) {
            throw new ApiError.Failure(createError("flow control can not be updated"));
        }
        if (old.maxWaiting() != next.maxWaiting()) {
            throw new ApiError.Failure(createError("max waiting can not be updated"));
        }
        if (!old.deliverSubject().equals(next.deliverSubject())) {
            throw new ApiError.Failure(createError(old.deliverSubject().isEmpty()
                    ? "can not update pull consumer to push based" : "can not update push consumer to pull based"));
        }
        if (!next.backoff().isEmpty() && next.maxDeliver() <= next.backoff().size()) {
            throw fail(400, 10116, "max deliver is required to be > length of backoff values");
        }
    }
}
