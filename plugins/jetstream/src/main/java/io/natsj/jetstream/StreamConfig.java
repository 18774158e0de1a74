package io.natsj.jetstream;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A stream's configuration as nats-server 2.9.10 reads and writes it ({@code StreamConfig} in
 * stream.go): the same fields, order and omissions. Durations are nanoseconds. Missing fields
 * read as Go's zero values; {@link StreamConfigCheck} applies the server's defaults.
 *
 * <p>Mirrors, sources and republish are kept as JSON trees so that a config round-trips;
 * {@link StreamConfigCheck} rewrites mirror and sources as nats-server writes them, and
 * {@link #mirrorSpec()}/{@link #sourceSpecs()} read them ({@link Republish} reads republish).
 */
@JsonPropertyOrder({"name", "description", "subjects", "retention", "max_consumers", "max_msgs", "max_bytes",
        "max_age", "max_msgs_per_subject", "max_msg_size", "discard", "storage", "num_replicas", "no_ack",
        "template_owner", "duplicate_window", "placement", "mirror", "sources", "republish", "allow_direct",
        "mirror_direct", "discard_new_per_subject", "sealed", "deny_delete", "deny_purge", "allow_rollup_hdrs"})
record StreamConfig(
        @JsonProperty("name") String name,
        @JsonProperty("description") @JsonInclude(JsonInclude.Include.NON_EMPTY) String description,
        @JsonProperty("subjects") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> subjects,
        @JsonProperty("retention") String retention,
        @JsonProperty("max_consumers") int maxConsumers,
        @JsonProperty("max_msgs") long maxMsgs,
        @JsonProperty("max_bytes") long maxBytes,
        @JsonProperty("max_age") long maxAge,
        @JsonProperty("max_msgs_per_subject") long maxMsgsPerSubject,
        @JsonProperty("max_msg_size") @JsonInclude(JsonInclude.Include.NON_DEFAULT) int maxMsgSize,
        @JsonProperty("discard") String discard,
        @JsonProperty("storage") String storage,
        @JsonProperty("num_replicas") int replicas,
        @JsonProperty("no_ack") @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean noAck,
        @JsonProperty("template_owner") @JsonInclude(JsonInclude.Include.NON_EMPTY) String templateOwner,
        @JsonProperty("duplicate_window") @JsonInclude(JsonInclude.Include.NON_DEFAULT) long duplicateWindow,
        @JsonProperty("placement") @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode placement,
        @JsonProperty("mirror") @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode mirror,
        @JsonProperty("sources") @JsonInclude(JsonInclude.Include.NON_EMPTY) JsonNode sources,
        @JsonProperty("republish") @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode republish,
        @JsonProperty("allow_direct") boolean allowDirect,
        @JsonProperty("mirror_direct") boolean mirrorDirect,
        @JsonProperty("discard_new_per_subject") @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean discardNewPerSubject,
        @JsonProperty("sealed") boolean sealed,
        @JsonProperty("deny_delete") boolean denyDelete,
        @JsonProperty("deny_purge") boolean denyPurge,
        @JsonProperty("allow_rollup_hdrs") boolean allowRollup) {

    StreamConfig {
        // A mirror's or source-only stream's config has no subjects field at all.
        subjects = subjects == null ? List.of() : subjects;
    }

    static final String LIMITS = "limits";
    static final String INTEREST = "interest";
    static final String WORKQUEUE = "workqueue";

    /** @return true for {@code discard: new} */
    boolean discardNew() {
        return "new".equals(discard);
    }

    /** @return true for memory storage */
    boolean isMemory() {
        return "memory".equals(storage);
    }

    StreamConfig withSubjects(List<String> s) {
        return new StreamConfig(name, description, s, retention, maxConsumers, maxMsgs, maxBytes, maxAge,
                maxMsgsPerSubject, maxMsgSize, discard, storage, replicas, noAck, templateOwner, duplicateWindow,
                placement, mirror, sources, republish, allowDirect, mirrorDirect, discardNewPerSubject, sealed,
                denyDelete, denyPurge, allowRollup);
    }

    StreamConfig withRepublish(JsonNode r) {
        return new StreamConfig(name, description, subjects, retention, maxConsumers, maxMsgs, maxBytes, maxAge,
                maxMsgsPerSubject, maxMsgSize, discard, storage, replicas, noAck, templateOwner, duplicateWindow,
                placement, mirror, sources, r, allowDirect, mirrorDirect, discardNewPerSubject, sealed,
                denyDelete, denyPurge, allowRollup);
    }

    /** @return the mirror, or null when the stream mirrors nothing */
    SourceSpec mirrorSpec() {
        return StreamConfigCheck.present(mirror) ? SourceSpec.parse(mirror) : null;
    }

    /** @return the sources, in order; empty when none */
    List<SourceSpec> sourceSpecs() {
        if (!StreamConfigCheck.present(sources)) {
            return List.of();
        }
        List<SourceSpec> out = new java.util.ArrayList<>();
        sources.forEach(n -> out.add(SourceSpec.parse(n)));
        return out;
    }

    /** @return true when the stream is a mirror or has sources */
    boolean sourced() {
        return StreamConfigCheck.present(mirror) || StreamConfigCheck.present(sources);
    }

    StreamConfig withSourcing(JsonNode m, JsonNode s, boolean direct) {
        return new StreamConfig(name, description, subjects, retention, maxConsumers, maxMsgs, maxBytes, maxAge,
                maxMsgsPerSubject, maxMsgSize, discard, storage, replicas, noAck, templateOwner, duplicateWindow,
                placement, m, s, republish, allowDirect, direct, discardNewPerSubject, sealed,
                denyDelete, denyPurge, allowRollup);
    }

    /** @return this config with nats-server's defaults for every field left at its zero value */
    StreamConfig withDefaults(long defaultDuplicateWindow) {
        long dup = duplicateWindow;
        if (dup == 0 && mirror == null) {
            dup = maxAge != 0 && maxAge < defaultDuplicateWindow ? maxAge : defaultDuplicateWindow;
        }
        return new StreamConfig(name, description, subjects, retention == null ? LIMITS : retention,
                maxConsumers == 0 ? -1 : maxConsumers, maxMsgs == 0 ? -1 : maxMsgs, maxBytes == 0 ? -1 : maxBytes,
                maxAge, maxMsgsPerSubject == 0 ? -1 : maxMsgsPerSubject, maxMsgSize == 0 ? -1 : maxMsgSize,
                discard == null ? "old" : discard, storage == null ? "file" : storage, replicas == 0 ? 1 : replicas,
                noAck, templateOwner, dup, placement, mirror, sources, republish, allowDirect, mirrorDirect,
                discardNewPerSubject, sealed, denyDelete, denyPurge, allowRollup);
    }
}
