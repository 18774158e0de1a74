package io.natsj.jetstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The mirror and source part of nats-server 2.9.10's {@code checkStreamCfg}, in its order and
 * with its errors: a mirror has no subjects and no sources; an origin this account can see must
 * not allow larger messages and must overlap the filter; external prefixes must be literal and
 * must not overlap the stream's subjects or {@code $JS.API}; no cycle through local sources and
 * mirrors. A mirror inherits {@code mirror_direct} from a local origin's {@code allow_direct}.
 */
final class SourceConfigCheck {

    static final ApiError MIRROR_WITH_SUBJECTS = new ApiError(400, 10034, "stream mirrors can not contain subjects");
    static final ApiError MIRROR_WITH_SOURCES = new ApiError(400, 10031,
            "stream mirrors can not also contain other sources");
    static final ApiError MIRROR_MAX_MESSAGE_SIZE = new ApiError(400, 10030,
            "stream mirror must have max message size >= source");
    static final ApiError SOURCE_MAX_MESSAGE_SIZE = new ApiError(400, 10046,
            "stream source must have max message size >= target");
    static final ApiError MIRROR_NOT_UPDATABLE = new ApiError(400, 10055,
            "stream mirror configuration can not be updated");
    private static final String API_PREFIX = "$JS.API";

    private SourceConfigCheck() {
    }

    /**
     * @param cfg the config with defaults applied
     * @param streams the account's stream configs by name (null when there is no such stream)
     * @return it with mirror and sources written as nats-server writes them
     * @throws ApiError.Failure with nats-server's error for the first problem
     */
    static StreamConfig check(StreamConfig cfg, Function<String, StreamConfig> streams) {
        SourceSpec mirror = cfg.mirrorSpec();
        List<SourceSpec> sources = cfg.sourceSpecs();
        List<String> streamSubs = new ArrayList<>();
        List<String> deliverPrefixes = new ArrayList<>();
        List<String> apiPrefixes = new ArrayList<>();
        boolean mirrorDirect = cfg.mirrorDirect();
        if (mirror != null) {
            if (cfg.subjects() != null && !cfg.subjects().isEmpty()) {
                throw new ApiError.Failure(MIRROR_WITH_SUBJECTS);
            }
            if (!sources.isEmpty()) {
                throw new ApiError.Failure(MIRROR_WITH_SOURCES);
            }
            if (mirror.transformSrc() != null) {
                throw invalid("subject_transforms of mirrors (nats-server 2.10) are not supported by natsj");
            }
            StreamConfig origin = streams.apply(mirror.name());
            if (origin != null) {
                streamSubs.addAll(subjects(origin));
                if (cfg.maxMsgSize() > 0 && origin.maxMsgSize() > 0 && cfg.maxMsgSize() < origin.maxMsgSize()) {
                    throw new ApiError.Failure(MIRROR_MAX_MESSAGE_SIZE);
                }
                if (!filterOverlaps(mirror.filterSubject(), subjects(origin))) {
                    throw invalid("mirror '" + mirror.name() + "' filter subject '" + mirror.filterSubject()
                            + "' does not overlap with any origin stream subject");
                }
                mirrorDirect = origin.allowDirect();
            }
            prefixes(mirror, deliverPrefixes, apiPrefixes);
        }
        for (SourceSpec src : sources) {
            checkTransform(src);
            StreamConfig origin = streams.apply(src.name());
            if (origin != null) {
                streamSubs.addAll(subjects(origin));
                if (cfg.maxMsgSize() > 0 && origin.maxMsgSize() > 0 && cfg.maxMsgSize() < origin.maxMsgSize()) {
                    throw new ApiError.Failure(SOURCE_MAX_MESSAGE_SIZE);
                }
                // As nats-server: against every subject gathered so far, not only this origin's.
                if (!filterOverlaps(src.filterSubject(), streamSubs)) {
                    throw invalid("source '" + src.name() + "' filter subject '" + src.filterSubject()
                            + "' does not overlap with any origin stream subject");
                }
            }
            prefixes(src, deliverPrefixes, apiPrefixes);
        }
        for (String pfx : deliverPrefixes) {
            if (!SubjectFilter.isValidLiteral(pfx)) {
                throw new ApiError.Failure(new ApiError(400, 10024,
                        "stream external delivery prefix " + pfx + " must not contain wildcards"));
            }
            for (String sub : streamSubs) {
                if (SubjectFilter.collide(sub, pfx + "." + sub)) {
                    throw new ApiError.Failure(new ApiError(400, 10022,
                            "stream external delivery prefix " + pfx + " overlaps with stream subject " + sub));
                }
            }
        }
        for (String pfx : apiPrefixes) {
            if (!SubjectFilter.isValidLiteral(pfx)) {
                throw invalid("stream external api prefix \"" + pfx + "\" must be a valid subject without wildcards");
            }
            if (SubjectFilter.collide(pfx, API_PREFIX)) {
                throw new ApiError.Failure(new ApiError(400, 10021,
                        "stream external api prefix " + pfx + " must not overlap with " + API_PREFIX));
            }
        }
        checkCycles(cfg.name(), mirror, sources, streams);
        JsonNode m = mirror == null ? null : mirror.toJson();
        ArrayNode s = null;
        if (!sources.isEmpty()) {
            s = Json.MAPPER.createArrayNode();
            for (SourceSpec x : sources) {
                s.add(x.toJson());
            }
        }
        return cfg.withSourcing(m, s, mirror != null && mirrorDirect);
    }

    /** nats-server 2.10's checks of a source's subject transform. */
    private static void checkTransform(SourceSpec src) {
        if (src.transformSrc() == null) {
            return;
        }
        if (!src.filterSubject().isEmpty()) {
            throw new ApiError.Failure(new ApiError(400, 10144,
                    "source with multiple subject transforms cannot also have a single subject filter"));
        }
        if (!SubjectFilter.isValidSubject(src.transformSrc())) {
            throw new ApiError.Failure(new ApiError(400, 10145, "source subject filter is invalid"));
        }
        try {
            Republish.transform(src.transformSrc(), src.transformDest());
        } catch (ApiError.Failure e) {
            throw new ApiError.Failure(new ApiError(400, 10146, "source transform destination is invalid"));
        }
    }

    private static List<String> subjects(StreamConfig c) {
        return c.subjects() == null ? List.of() : c.subjects();
    }

    private static boolean filterOverlaps(String filter, List<String> subjects) {
        if (filter.isEmpty() || subjects.isEmpty()) {
            return true;
        }
        for (String s : subjects) {
            if (SubjectFilter.collide(s, filter)) {
                return true;
            }
        }
        return false;
    }

    private static void prefixes(SourceSpec s, List<String> deliver, List<String> api) {
        if (s.external()) {
            if (!s.deliver().isEmpty()) {
                deliver.add(s.deliver());
            }
            if (!s.api().isEmpty()) {
                api.add(s.api());
            }
        }
    }

    /** nats-server's walk through local sources and mirrors: a name seen twice is a cycle. */
    private static void checkCycles(String self, SourceSpec mirror, List<SourceSpec> sources,
                                    Function<String, StreamConfig> streams) {
        Deque<Object[]> toVisit = new ArrayDeque<>();
        toVisit.add(new Object[] {self, mirror, sources});
        Set<String> visited = new HashSet<>();
        while (!toVisit.isEmpty()) {
            Object[] v = toVisit.poll();
            visited.add((String) v[0]);
            @SuppressWarnings("unchecked")
            List<SourceSpec> srcs = (List<SourceSpec>) v[2];
            for (SourceSpec src : srcs) {
                if (src.external()) {
                    continue;
                }
                if (visited.contains(src.name())) {
                    throw invalid("detected cycle");
                }
                StreamConfig c = streams.apply(src.name());
                if (c != null) {
                    toVisit.add(new Object[] {c.name(), c.mirrorSpec(), c.sourceSpecs()});
                }
            }
            SourceSpec m = (SourceSpec) v[1];
            if (m != null && !m.external()) {
                if (visited.contains(m.name())) {
                    throw invalid("detected cycle");
                }
                StreamConfig c = streams.apply(m.name());
                if (c != null) {
                    toVisit.add(new Object[] {c.name(), c.mirrorSpec(), c.sourceSpecs()});
                }
            }
        }
    }

    private static ApiError.Failure invalid(String text) {
        return new ApiError.Failure(ApiError.invalidConfig(text));
    }
}
