package io.natsj.jetstream;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A JetStream API error as nats-server sends it: HTTP-like {@code code}, JetStream
 * {@code err_code} and the description (codes and texts from nats-server's errors.json).
 *
 * @param code the HTTP-like status
 * @param errCode the JetStream error code
 * @param description the text
 */
record ApiError(@JsonProperty("code") int code, @JsonProperty("err_code") int errCode,
                @JsonProperty("description") String description) {

    static final ApiError ACCOUNT_RESOURCES_EXCEEDED = new ApiError(400, 10002, "resource limits exceeded for account");
    static final ApiError BAD_REQUEST = new ApiError(400, 10003, "bad request");
    static final ApiError INSUFFICIENT_RESOURCES = new ApiError(503, 10023, "insufficient resources");
    static final ApiError INVALID_JSON = new ApiError(400, 10025, "invalid JSON");
    static final ApiError MAXIMUM_STREAMS = new ApiError(400, 10027, "maximum number of streams reached");
    static final ApiError MEMORY_RESOURCES = new ApiError(500, 10028, "insufficient memory resources available");
    static final ApiError NO_MESSAGE_FOUND = new ApiError(404, 10037, "no message found");
    static final ApiError NOT_ENABLED_FOR_ACCOUNT = new ApiError(503, 10039, "JetStream not enabled for account");
    static final ApiError STORAGE_RESOURCES = new ApiError(500, 10047, "insufficient storage resources available");
    static final ApiError MESSAGE_EXCEEDS_MAXIMUM = new ApiError(400, 10054, "message size exceeds maximum allowed");
    static final ApiError STREAM_MISMATCH = new ApiError(400, 10056, "stream name in subject does not match request");
    static final ApiError STREAM_NAME_EXIST = new ApiError(400, 10058,
            "stream name already in use with a different configuration");
    static final ApiError STREAM_NOT_FOUND = new ApiError(404, 10059, "stream not found");
    static final ApiError STREAM_NOT_MATCH = new ApiError(400, 10060, "expected stream does not match");
    static final ApiError SUBJECT_OVERLAP = new ApiError(400, 10065, "subjects overlap with an existing stream");
    static final ApiError REPLICAS_NOT_SUPPORTED = new ApiError(500, 10074,
            "replicas > 1 not supported in non-clustered mode");
    static final ApiError HEADER_EXCEEDS_MAXIMUM = new ApiError(400, 10097, "header size exceeds maximum allowed of 64k");
    static final ApiError STREAM_SEALED = new ApiError(400, 10109, "invalid operation on sealed stream");
    static final ApiError MAX_BYTES_REQUIRED = new ApiError(400, 10113,
            "account requires a stream config to have max bytes set");
    static final ApiError MAX_STREAM_BYTES_EXCEEDED = new ApiError(400, 10122,
            "stream max bytes exceeds account limit max stream bytes");
    static final ApiError NO_LIMITS = new ApiError(400, 10120,
            "no JetStream default or applicable tiered limit present");
    static final ApiError NAME_PATH_SEPARATORS = new ApiError(400, 10128, "Stream name can not contain path separators");
    static final ApiError REPLICAS_NEGATIVE = new ApiError(400, 10133, "replicas count cannot be negative");

    static ApiError invalidConfig(String err) {
        return new ApiError(500, 10052, err);
    }

    static ApiError createFailed(String err) {
        return new ApiError(500, 10049, err);
    }

    static ApiError updateFailed(String err) {
        return new ApiError(500, 10069, err);
    }

    static ApiError deleteFailed(String err) {
        return new ApiError(500, 10050, err);
    }

    static ApiError msgDeleteFailed(String err) {
        return new ApiError(500, 10057, err);
    }

    static ApiError purgeFailed(String err) {
        return new ApiError(500, 10110, err);
    }

    static ApiError rollupFailed(String err) {
        return new ApiError(500, 10111, err);
    }

    static ApiError storeFailed(String err) {
        return new ApiError(503, 10077, err);
    }

    static ApiError generalError(String err) {
        return new ApiError(500, 10051, err);
    }

    static ApiError wrongLastSequence(long seq) {
        return new ApiError(400, 10071, "wrong last sequence: " + seq);
    }

    static ApiError wrongLastMsgId(String id) {
        return new ApiError(400, 10070, "wrong last msg ID: " + id);
    }

    /** Thrown by request handlers to answer with an error. */
    static final class Failure extends RuntimeException {

        final transient ApiError error;

        Failure(ApiError error) {
            super(error.description(), null, false, false);
            this.error = error;
        }
    }
}
