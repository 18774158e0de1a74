package io.natsj.jetstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;

/**
 * One {@code mirror} or {@code sources[]} entry as nats-server 2.9.10 reads and writes it
 * ({@code StreamSource} in stream.go): {@code name}, {@code opt_start_seq},
 * {@code opt_start_time}, {@code filter_subject}, {@code external { api, deliver }}.
 *
 * <p>natsj also reads {@code domain} (the clients' shorthand, nats-server 2.9.10 ignores it):
 * without an {@code external} it becomes {@code external.api} {@code $JS.<domain>.API}, and is
 * not kept. From 2.10's {@code subject_transforms} natsj takes one transform per source
 * ({@code src}, {@code dest}; more are refused by name, as are transforms of a mirror and
 * 2.11's {@code consumer}): the source's consumer filters on {@code src} and each message is
 * stored under the transformed subject.
 *
 * @param name the origin stream
 * @param optStartSeq the first origin sequence wanted, 0 for none
 * @param optStartTime the start time as given (RFC 3339), or null
 * @param optStartNanos that time in nanoseconds since the epoch, 0 when null
 * @param filterSubject the origin subjects wanted, empty for all
 * @param api the external API prefix, or null when not external
 * @param deliver the external deliver prefix (empty when not given), or null when not external
 * @param transformSrc a subject transform's source (2.10), or null for none
 * @param transformDest its destination, or null for none
 */
record SourceSpec(String name, long optStartSeq, String optStartTime, long optStartNanos, String filterSubject,
                  String api, String deliver, String transformSrc, String transformDest) {

    private static final String DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    boolean external() {
        return api != null;
    }

    /**
     * nats-server's index name: the stream name, or for an external source
     * {@code <name>:<hash of the api prefix>}, so that two domains' streams of one name differ.
     * It is what a source's {@code Nats-Stream-Source} header names.
     */
    String indexName() {
        String base = baseName();
        // nats-server 2.10's composed index name for a transformed source.
        return transformSrc == null ? base : base + " " + transformSrc + " " + transformDest;
    }

    /** @return the index name without a transform's parts (the header's first field) */
    String baseName() {
        return api == null ? name : name + ":" + hash(api);
    }

    /** @return the {@code Nats-Stream-Source} value for an origin sequence (2.10's form when transformed) */
    String sourceHeader(String seq) {
        String base = baseName() + " " + seq;
        return transformSrc == null ? base : base + " " + transformSrc + " " + transformDest;
    }

    /** @return the filter the origin's consumer uses: the filter subject or a transform's source */
    String consumerFilter() {
        return transformSrc == null ? filterSubject : transformSrc.equals(">") ? "" : transformSrc;
    }

    /** nats-server's getHash: SHA-256, the first 8 bytes mapped onto base-62 digits. */
    static String hash(String text) {
        try {
            byte[] b = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            char[] c = new char[8];
            for (int i = 0; i < c.length; i++) {
                c[i] = DIGITS.charAt((b[i] & 0xFF) % DIGITS.length());
            }
            return new String(c);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param n an entry of the request
     * @return it read as nats-server's decoder reads it
     * @throws ApiError.Failure invalid JSON (wrong types, a bad time), or a 2.10 field named
     */
    static SourceSpec parse(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new ApiError.Failure(ApiError.INVALID_JSON);
        }
        String trSrc = null;
        String trDest = null;
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (f.equals("subject_transforms") && !n.get(f).isNull()) {
                JsonNode trs = n.get(f);
                if (!trs.isArray()) {
                    throw new ApiError.Failure(ApiError.INVALID_JSON);
                }
                if (trs.size() > 1) {
                    throw new ApiError.Failure(ApiError.invalidConfig(
                            "more than one subject transform per source (nats-server 2.10) is not supported by natsj"));
                }
                if (trs.size() == 1) {
                    trSrc = text(trs.get(0), "src");
                    trDest = text(trs.get(0), "dest");
                    trSrc = trSrc.isEmpty() ? ">" : trSrc;
                    trDest = trDest.isEmpty() ? ">" : trDest;
                }
            }
            if (f.equals("subject_transform_dest") && !text(n, f).isEmpty()) {
                throw new ApiError.Failure(ApiError.invalidConfig(
                        "subject_transform_dest of sources (nats-server 2.10.0) is not supported by natsj"));
            }
            if (f.equals("consumer") && !n.get(f).isNull()) {
                throw new ApiError.Failure(ApiError.invalidConfig(
                        "consumer of mirrors and sources (nats-server 2.11) is not supported by natsj"));
            }
        }
        String name = text(n, "name");
        long seq = 0;
        JsonNode s = n.get("opt_start_seq");
        if (s != null && !s.isNull()) {
            if (!s.isIntegralNumber() || s.asLong() < 0) {
                throw new ApiError.Failure(ApiError.INVALID_JSON);
            }
            seq = s.asLong();
        }
        String time = text(n, "opt_start_time");
        long nanos = 0;
        if (!time.isEmpty()) {
            try {
                OffsetDateTime t = OffsetDateTime.parse(time);
                nanos = t.toEpochSecond() * 1_000_000_000L + t.getNano();
            } catch (DateTimeParseException e) {
                throw new ApiError.Failure(ApiError.INVALID_JSON);
            }
        }
        String filter = text(n, "filter_subject");
        String api = null;
        String deliver = null;
        JsonNode ext = n.get("external");
        if (ext != null && !ext.isNull()) {
            if (!ext.isObject()) {
                throw new ApiError.Failure(ApiError.INVALID_JSON);
            }
            api = text(ext, "api");
            deliver = text(ext, "deliver");
        } else {
            String domain = text(n, "domain");
            if (!domain.isEmpty()) {
                api = "$JS." + domain + ".API";
                deliver = "";
            }
        }
        return new SourceSpec(name, seq, time.isEmpty() ? null : time, nanos, filter, api, deliver, trSrc, trDest);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return "";
        }
        if (!v.isTextual()) {
            throw new ApiError.Failure(ApiError.INVALID_JSON);
        }
        return v.asText();
    }

    /** @return the entry as nats-server writes it (its field order and omissions) */
    ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.put("name", name);
        if (optStartSeq > 0) {
            n.put("opt_start_seq", optStartSeq);
        }
        if (optStartTime != null) {
            n.put("opt_start_time", optStartTime);
        }
        if (!filterSubject.isEmpty()) {
            n.put("filter_subject", filterSubject);
        }
        if (transformSrc != null) {
            ObjectNode t = n.putArray("subject_transforms").addObject();
            t.put("src", transformSrc);
            t.put("dest", transformDest);
        }
        if (api != null) {
            ObjectNode e = n.putObject("external");
            e.put("api", api);
            e.put("deliver", deliver);
        }
        return n;
    }
}
