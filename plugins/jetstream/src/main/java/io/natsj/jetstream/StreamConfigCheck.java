package io.natsj.jetstream;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a stream configuration from a request and checks it as nats-server's
 * {@code checkStreamCfg} and stream create/update do, with the same error for each problem.
 */
final class StreamConfigCheck {

    static final long DEFAULT_DUPLICATE_WINDOW = 120_000_000_000L;
    static final int MAX_NAME_LENGTH = 255;
    static final int MAX_DESCRIPTION_LENGTH = 4 * 1024;
    private static final long HUNDRED_MS = 100_000_000L;

    private StreamConfigCheck() {
    }

    /** @return the config in a request body; invalid JSON (as Go's decoder sees it) fails */
    static StreamConfig parse(byte[] body) {
        StreamConfig cfg;
        try {
            cfg = Json.MAPPER.readValue(body, StreamConfig.class);
        } catch (Exception e) {
            throw new ApiError.Failure(ApiError.INVALID_JSON);
        }
        if (cfg == null || !oneOf(cfg.retention(), StreamConfig.LIMITS, StreamConfig.INTEREST, StreamConfig.WORKQUEUE)
                || !oneOf(cfg.discard(), "old", "new") || !oneOf(cfg.storage(), "file", "memory")) {
            throw new ApiError.Failure(ApiError.INVALID_JSON);
        }
        return cfg;
    }

    private static boolean oneOf(String value, String... allowed) {
        if (value == null) {
            return true;
        }
        for (String a : allowed) {
            if (a.equals(value)) {
                return true;
            }
        }
        return false;
    }

    static boolean present(JsonNode n) {
        return n != null && !n.isNull() && !(n.isArray() && n.isEmpty());
    }

    /** nats-server's isValidName: not empty, no blanks, dots or wildcards. */
    static boolean isValidName(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            switch (name.charAt(i)) {
                case ' ', '\t', '\r', '\n', '\f', '.', '*', '>' -> {
                    return false;
                }
                default -> {
                }
            }
        }
        return true;
    }

    /**
     * @param config the requested configuration
     * @return it with defaults applied
     * @throws ApiError.Failure with nats-server's error for the first problem
     */
    static StreamConfig check(StreamConfig config) {
        return check(config, name -> null);
    }

    /**
     * @param config the requested configuration
     * @param streams the account's stream configs by name, for the mirror and source checks
     * @return it with defaults applied
     * @throws ApiError.Failure with nats-server's error for the first problem
     */
    static StreamConfig check(StreamConfig config, java.util.function.Function<String, StreamConfig> streams) {
        if (!isValidName(config.name())) {
            throw invalid("stream name is required and can not contain '.', '*', '>'");
        }
        if (config.name().length() > MAX_NAME_LENGTH) {
            throw invalid("stream name is too long, maximum allowed is " + MAX_NAME_LENGTH);
        }
        if (config.description() != null && config.description().length() > MAX_DESCRIPTION_LENGTH) {
            throw invalid("stream description is too long, maximum allowed is " + MAX_DESCRIPTION_LENGTH);
        }
        StreamConfig cfg = config.withDefaults(DEFAULT_DUPLICATE_WINDOW);
        if (cfg.replicas() > 5) {
            throw invalid("maximum replicas is 5");
        }
        if (cfg.replicas() < 0) {
            throw new ApiError.Failure(ApiError.REPLICAS_NEGATIVE);
        }
        if (cfg.maxAge() < 0) {
            throw invalid("max age can not be negative");
        }
        if (cfg.maxAge() > 0 && cfg.maxAge() < HUNDRED_MS) {
            throw invalid("max age needs to be >= 100ms");
        }
        if (cfg.duplicateWindow() < 0) {
            throw invalid("duplicates window can not be negative");
        }
        if (cfg.maxAge() != 0 && cfg.duplicateWindow() > cfg.maxAge()) {
            throw invalid("duplicates window can not be larger then max age");
        }
        if (cfg.duplicateWindow() > 0 && cfg.duplicateWindow() < HUNDRED_MS) {
            throw invalid("duplicates window needs to be >= 100ms");
        }
        if (cfg.denyPurge() && cfg.allowRollup()) {
            throw invalid("roll-ups require the purge permission");
        }
        if (cfg.discardNewPerSubject()) {
            if (!cfg.discardNew()) {
                throw invalid("discard new per subject requires discard new policy to be set");
            }
            if (cfg.maxMsgsPerSubject() <= 0) {
                throw invalid("discard new per subject requires max msgs per subject > 0");
            }
        }
        if (cfg.sourced()) {
            cfg = SourceConfigCheck.check(cfg, streams);
        } else if (cfg.mirror() != null || cfg.sources() != null) {
            cfg = cfg.withSourcing(null, null, false);
        }
        List<String> subjects = cfg.subjects() == null ? List.of() : cfg.subjects();
        if (subjects.isEmpty()) {
            cfg = cfg.withSubjects(cfg.sourced() ? List.of() : List.of(cfg.name()));
        } else {
            Set<String> seen = new HashSet<>();
            for (String s : subjects) {
                if (!seen.add(s)) {
                    throw invalid("duplicate subjects detected");
                }
                if (SubjectFilter.isSubsetMatch(s, "$JS.API.>")) {
                    throw invalid("subjects overlap with jetstream api");
                }
                if (!SubjectFilter.isValidSubject(s)) {
                    throw invalid("invalid subject");
                }
            }
            List<String> all = new ArrayList<>(subjects);
            for (String a : all) {
                for (String b : all) {
                    if (!a.equals(b) && SubjectFilter.collide(a, b)) {
                        throw invalid("subject \"" + a + "\" overlaps with \"" + b + "\"");
                    }
                }
            }
        }
        if (present(cfg.republish())) {
            cfg = cfg.withRepublish(Republish.check(cfg.republish(), cfg.subjects()));
        } else if (cfg.republish() != null) {
            cfg = cfg.withRepublish(null);
        }
        return cfg;
    }

    /** Changes nats-server refuses on update ({@code stream.go} checkStreamCfg for updates). */
    static void checkUpdate(StreamConfig old, StreamConfig cfg) {
        if (!old.name().equals(cfg.name())) {
            throw updateInvalid("stream configuration name must match original");
        }
        if (old.maxConsumers() != cfg.maxConsumers()) {
            throw updateInvalid("stream configuration update can not change MaxConsumers");
        }
        if (!old.storage().equals(cfg.storage())) {
            throw updateInvalid("stream configuration update can not change storage type");
        }
        if (!old.retention().equals(cfg.retention())) {
            throw updateInvalid("stream configuration update can not change retention policy");
        }
        if (old.sealed() && !cfg.sealed()) {
            throw updateInvalid("stream configuration update can not unseal a sealed stream");
        }
        if (old.denyDelete() && !cfg.denyDelete()) {
            throw updateInvalid("stream configuration update can not cancel deny message deletes");
        }
        if (old.denyPurge() && !cfg.denyPurge()) {
            throw updateInvalid("stream configuration update can not cancel deny purge");
        }
        if (!java.util.Objects.equals(present(old.mirror()) ? old.mirror() : null,
                present(cfg.mirror()) ? cfg.mirror() : null)) {
            throw new ApiError.Failure(SourceConfigCheck.MIRROR_NOT_UPDATABLE);
        }
        if (!java.util.Objects.equals(present(old.republish()) ? old.republish() : null,
                present(cfg.republish()) ? cfg.republish() : null)) {
            throw updateInvalid("stream configuration update can not change RePublish");
        }
    }

    /** nats-server's adjustments for a sealed stream: no age limit, discard new, no deletes, purges or rollups. */
    static StreamConfig sealed(StreamConfig c) {
        return new StreamConfig(c.name(), c.description(), c.subjects(), c.retention(), c.maxConsumers(), c.maxMsgs(),
                c.maxBytes(), 0, c.maxMsgsPerSubject(), c.maxMsgSize(), "new", c.storage(), c.replicas(),
                c.noAck(), c.templateOwner(), c.duplicateWindow(), c.placement(), c.mirror(), c.sources(),
                c.republish(), c.allowDirect(), c.mirrorDirect(), c.discardNewPerSubject(), true, true, true,
                false);
    }

    private static ApiError.Failure invalid(String text) {
        return new ApiError.Failure(ApiError.invalidConfig(text));
    }

    private static ApiError.Failure updateInvalid(String text) {
        return new ApiError.Failure(ApiError.invalidConfig(text));
    }
}
