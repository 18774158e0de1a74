package io.natsj.spi.auth;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.natsj.spi.PluginException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one user may publish and subscribe to, as a nats-server {@code permissions} block
 * states it. The kernel enforces it; authentication plugins only read it, through
 * {@link #fromConfig}, so that every plugin understands the block the same way.
 *
 * @param publish subjects the user may publish to
 * @param subscribe subjects the user may subscribe to (an entry may name a queue group:
 *        {@code "foo.> workers"})
 * @param responses the right to publish to reply subjects of requests received, or null; as in
 *        nats-server, with this right and no publish allow list, the user may publish nothing
 *        but those responses
 */
public record Permissions(SubjectRules publish, SubjectRules subscribe, ResponsePermission responses) {

    /** Everything allowed. */
    public static final Permissions ALL = new Permissions(SubjectRules.ANY, SubjectRules.ANY, null);

    /**
     * Allow and deny lists. An empty allow list allows every subject not denied.
     *
     * @param allow subjects (wildcards allowed) that are permitted
     * @param deny subjects (wildcards allowed) that are refused even when allowed
     */
    public record SubjectRules(List<String> allow, List<String> deny) {

        /** No restriction. */
        public static final SubjectRules ANY = new SubjectRules(List.of(), List.of());

        /** @return true when nothing is restricted */
        public boolean isUnrestricted() {
            return allow.isEmpty() && deny.isEmpty();
        }
    }

    /**
     * {@code allow_responses}: the user may publish to the reply subject of each request it
     * received, up to {@code maxMessages} times within {@code expires}.
     *
     * @param maxMessages responses allowed per request (nats-server's default: 1)
     * @param expires how long the right lasts (nats-server's default: 2 minutes; zero: forever)
     */
    public record ResponsePermission(int maxMessages, Duration expires) {

        /** nats-server's defaults for {@code allow_responses: true}. */
        public static final ResponsePermission DEFAULT = new ResponsePermission(1, Duration.ofMinutes(2));
    }

    /** @return true when nothing is restricted */
    public boolean isUnrestricted() {
        return publish.isUnrestricted() && subscribe.isUnrestricted() && responses == null;
    }

    /**
     * Reads a nats-server {@code permissions} block: {@code publish}/{@code pub} and
     * {@code subscribe}/{@code sub} as a subject, a list, or {@code {allow, deny}};
     * {@code allow_responses} as {@code true} or {@code {max, expires}}.
     *
     * @param block the block
     * @param path its config path, for messages
     * @return the permissions
     * @throws PluginException naming the key when the block is malformed
     */
    public static Permissions fromConfig(Config block, String path) {
        SubjectRules publish = SubjectRules.ANY;
        SubjectRules subscribe = SubjectRules.ANY;
        ResponsePermission responses = null;
        for (Map.Entry<String, ConfigValue> e : block.root().entrySet()) {
            String key = e.getKey().toLowerCase(Locale.ROOT);
            String where = path + "." + e.getKey();
            switch (key) {
                case "publish", "pub" -> publish = rules(e.getValue(), where);
                case "subscribe", "sub" -> subscribe = rules(e.getValue(), where);
                case "allow_responses", "allow_resp" -> responses = responses(e.getValue(), where);
                default -> throw new PluginException("unknown field \"" + where + "\" in permissions");
            }
        }
        return new Permissions(publish, subscribe, responses);
    }

    private static SubjectRules rules(ConfigValue value, String where) {
        if (value.valueType() == ConfigValueType.OBJECT) {
            List<String> allow = List.of();
            List<String> deny = List.of();
            for (Map.Entry<String, ConfigValue> e : ((com.typesafe.config.ConfigObject) value).entrySet()) {
                switch (e.getKey().toLowerCase(Locale.ROOT)) {
                    case "allow" -> allow = subjects(e.getValue(), where + ".allow");
                    case "deny" -> deny = subjects(e.getValue(), where + ".deny");
                    default -> throw new PluginException("unknown field \"" + where + "." + e.getKey() + "\"");
                }
            }
            return new SubjectRules(allow, deny);
        }
        return new SubjectRules(subjects(value, where), List.of());
    }

    private static List<String> subjects(ConfigValue value, String where) {
        List<String> out = new ArrayList<>();
        switch (value.valueType()) {
            case STRING -> out.add(((String) value.unwrapped()).trim());
            case LIST -> {
                for (Object o : (List<?>) value.unwrapped()) {
                    if (!(o instanceof String s)) {
                        throw new PluginException(where + ": expected subject strings, got " + o);
                    }
                    out.add(s.trim());
                }
            }
            default -> throw new PluginException(where + ": expected a subject or a list of subjects");
        }
        return List.copyOf(out);
    }

    private static ResponsePermission responses(ConfigValue value, String where) {
        return switch (value.valueType()) {
            case BOOLEAN -> Boolean.TRUE.equals(value.unwrapped()) ? ResponsePermission.DEFAULT : null;
            case OBJECT -> {
                Config c = ((com.typesafe.config.ConfigObject) value).toConfig();
                int max = ResponsePermission.DEFAULT.maxMessages();
                Duration expires = ResponsePermission.DEFAULT.expires();
                for (String k : c.root().keySet()) {
                    try {
                        switch (k.toLowerCase(Locale.ROOT)) {
                            case "max", "max_msgs", "max_messages", "max_responses" -> max = c.getInt(k);
                            case "expires", "expiration", "ttl" -> expires = duration(c, k);
                            default -> throw new PluginException("unknown field \"" + where + "." + k + "\"");
                        }
                    } catch (ConfigException ex) {
                        throw new PluginException(where + "." + k + ": " + ex.getMessage(), ex);
                    }
                }
                yield new ResponsePermission(max, expires);
            }
            default -> throw new PluginException(where + ": expected true or {max, expires}");
        };
    }

    private static Duration duration(Config c, String key) {
        if (c.getValue(key).valueType() == ConfigValueType.NUMBER) {
            return Duration.ofSeconds(c.getLong(key));
        }
        // Go durations such as "1m" or "500ms" are also HOCON durations.
        return c.getDuration(key);
    }
}
