package io.natsj.jetstream;

import io.natsj.spi.subject.SubjectMatch;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A stream's {@code republish} directive ({@code RePublish} in nats-server's stream.go): each
 * stored message whose subject matches {@code src} is published again on {@code dest}, with
 * {@code Nats-Stream}, {@code Nats-Subject}, {@code Nats-Sequence} and {@code Nats-Last-Sequence}
 * (the subject's previous sequence, for gap detection) added to its headers, and only
 * {@code Nats-Msg-Size} instead of the payload when {@code headers_only}. Key/Value buckets use
 * it to mirror changes onto a plain subject.
 *
 * <p>The subject transform is nats-server 2.9.10's for this use: the destination may take the
 * source's {@code *} tokens by position ({@code $N} or {@code {{wildcard(N)}}}) and must end in
 * {@code >} exactly when the source does; the other mapping functions are refused by name.
 */
final class Republish {

    private static final String INVALID = "stream configuration for republish not valid";
    private static final byte[] HDR_LINE = "NATS/1.0\r\n".getBytes(StandardCharsets.US_ASCII);

    private final String src;
    private final boolean headersOnly;
    private final String[] srcTokens;
    /** Per destination token: the source token index it takes, or -1 for a literal. */
    private final int[] fromSource;
    private final String[] destTokens;
    private final boolean literalDest;
    private final String dest;

    private Republish(String src, String dest, boolean headersOnly) {
        this.src = src;
        this.dest = dest;
        this.headersOnly = headersOnly;
        this.srcTokens = src.split("\\.", -1);
        this.destTokens = dest.split("\\.", -1);
        this.fromSource = new int[destTokens.length];
        int[] stars = new int[srcTokens.length];
        int nStars = 0;
        boolean srcRest = false;
        for (int i = 0; i < srcTokens.length; i++) {
            if (srcTokens[i].equals("*")) {
                stars[nStars++] = i;
            } else if (srcTokens[i].equals(">")) {
                srcRest = true;
            }
        }
        boolean destRest = destTokens[destTokens.length - 1].equals(">");
        if (!SubjectFilter.isValidSubject(src) || !SubjectFilter.isValidSubject(dest) || srcRest != destRest) {
            throw invalid(INVALID);
        }
        // nats-server returns a destination without wildcards in the source as it is.
        this.literalDest = nStars == 0 && !srcRest;
        int placeholders = 0;
        for (int i = 0; i < destTokens.length; i++) {
            String t = destTokens[i];
            if (t.equals("*")) {
                throw invalid(INVALID);
            }
            int n = literalDest ? -1 : wildcardReference(t);
            if (n > nStars || n == 0) {
                throw invalid(INVALID);
            }
            fromSource[i] = n > 0 ? stars[n - 1] : -1;
            if (n > 0) {
                placeholders++;
            }
        }
        if (placeholders < nStars) {
            throw invalid(INVALID);
        }
    }

    /**
     * @return the 1-based wildcard a destination token names ({@code $N}, {@code {{wildcard(N)}}}),
     *         -1 for a literal token, 0 for a malformed reference
     */
    private static int wildcardReference(String t) {
        if (t.length() > 1 && t.charAt(0) == '$') {
            try {
                return Integer.parseInt(t.substring(1));
            } catch (NumberFormatException e) {
                // nats-server leaves other tokens starting with '$' as literals ($KV, $O).
                return -1;
            }
        }
        if (t.length() > 4 && t.startsWith("{{") && t.endsWith("}}")) {
            String f = t.substring(2, t.length() - 2).trim();
            if (f.toLowerCase(java.util.Locale.ROOT).startsWith("wildcard(") && f.endsWith(")")) {
                try {
                    return Integer.parseInt(f.substring(9, f.length() - 1).trim());
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
            throw invalid("subject mapping function " + t + " in republish is not supported by natsj yet");
        }
        return -1;
    }

    private static ApiError.Failure invalid(String text) {
        return new ApiError.Failure(ApiError.invalidConfig(text));
    }

    /**
     * Checks a requested directive against the stream's subjects as nats-server's checkStreamCfg
     * does, and returns it in stored form ({@code src} defaults to {@code >}).
     *
     * @param node the {@code republish} object of the request
     * @param subjects the stream's subjects, defaults applied
     * @return the normalised object
     */
    static JsonNode check(JsonNode node, List<String> subjects) {
        if (!node.isObject()) {
            throw new ApiError.Failure(ApiError.INVALID_JSON);
        }
        String src = node.path("src").asText("");
        if (src.isEmpty()) {
            src = ">";
        }
        String dest = node.path("dest").asText("");
        boolean headersOnly = node.path("headers_only").asBoolean(false);
        String source = src;
        if (subjects.stream().noneMatch(s -> SubjectFilter.collide(source, s))) {
            throw invalid("stream configuration for republish source is not valid subset of subjects");
        }
        if (!dest.isEmpty() && subjects.stream().anyMatch(s -> SubjectFilter.collide(s, dest))) {
            throw invalid("stream configuration for republish destination forms a cycle");
        }
        new Republish(src, dest, headersOnly);
        ObjectNode out = Json.object();
        out.put("src", src);
        out.put("dest", dest);
        if (headersOnly) {
            out.put("headers_only", true);
        }
        return out;
    }

    /**
     * A subject transform alone (nats-server 2.10's source {@code subject_transforms}), with the
     * same rules as republish's.
     *
     * @throws ApiError.Failure when the destination does not fit the source
     */
    static Republish transform(String src, String dest) {
        return new Republish(src.isEmpty() ? ">" : src, dest.isEmpty() ? ">" : dest, false);
    }

    /** @return the directive of a checked config, or null when it has none */
    static Republish of(StreamConfig cfg) {
        JsonNode n = cfg.republish();
        if (!StreamConfigCheck.present(n)) {
            return null;
        }
        return new Republish(n.path("src").asText(">"), n.path("dest").asText(), n.path("headers_only").asBoolean());
    }

    boolean headersOnly() {
        return headersOnly;
    }

    /**
     * @param subject a literal subject the stream stores
     * @return the subject to republish it on, or null when the source does not match
     */
    String match(String subject) {
        if (!SubjectMatch.matchesFilter(src, subject)) {
            return null;
        }
        if (literalDest) {
            return dest;
        }
        String[] tokens = subject.split("\\.", -1);
        StringBuilder b = new StringBuilder(subject.length() + dest.length());
        for (int i = 0; i < destTokens.length; i++) {
            if (destTokens[i].equals(">")) {
                // The rest of the subject from the source's '>' on.
                for (int j = srcTokens.length - 1; j < tokens.length; j++) {
                    b.append(tokens[j]);
                    if (j < tokens.length - 1) {
                        b.append('.');
                    }
                }
                break;
            }
            b.append(fromSource[i] >= 0 ? tokens[fromSource[i]] : destTokens[i]);
            if (i < destTokens.length - 1) {
                b.append('.');
            }
        }
        return b.toString();
    }

    /**
     * @return the republished message's headers: the stored message's own, then the stream's
     *         (nats-server's genHeader appends each before the closing blank line)
     */
    byte[] headers(byte[] hdr, String stream, String subject, long seq, long lastSeq, int payloadLength) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128 + (hdr == null ? 0 : hdr.length));
        if (hdr != null && hdr.length > 2) {
            out.write(hdr, 0, hdr.length - 2);
        } else {
            out.writeBytes(HDR_LINE);
        }
        line(out, "Nats-Stream", stream);
        line(out, "Nats-Subject", subject);
        line(out, "Nats-Sequence", Long.toString(seq));
        line(out, "Nats-Last-Sequence", Long.toString(lastSeq));
        if (headersOnly) {
            line(out, "Nats-Msg-Size", Integer.toString(payloadLength));
        }
        out.write('\r');
        out.write('\n');
        return out.toByteArray();
    }

    private static void line(ByteArrayOutputStream out, String key, String value) {
        out.writeBytes((key + ": " + value + "\r\n").getBytes(StandardCharsets.UTF_8));
    }
}
