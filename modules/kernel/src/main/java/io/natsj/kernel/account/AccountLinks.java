package io.natsj.kernel.account;

import io.natsj.spi.subject.SubjectMatch;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.natsj.config.GoDuration;
import io.natsj.config.UsedVariables;
import io.natsj.kernel.subject.SubjectTransform;
import io.natsj.kernel.subject.Subjects;
import io.natsj.spi.PluginException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads an account's {@code exports} and {@code imports} lists, and checks every import
 * against the exports once all accounts are known, with nats-server's error texts.
 */
public final class AccountLinks {

    private AccountLinks() {
    }

    static List<Export> readExports(String account, ConfigValue value) {
        List<Export> exports = new ArrayList<>();
        for (ConfigObject item : items(value, "Exports should be an array", "Export Items should be a map with type entry")) {
            String stream = null;
            String service = null;
            Set<String> accounts = new LinkedHashSet<>();
            ResponseType type = null;
            Duration threshold = null;
            int tokenPosition = 0;
            ServiceLatency latency = null;
            for (Map.Entry<String, ConfigValue> e : item.entrySet()) {
                ConfigValue v = e.getValue();
                switch (e.getKey().toLowerCase(Locale.ROOT)) {
                    case "stream" -> stream = string(v, "Expected stream name to be string");
                    case "service" -> service = string(v, "Expected service name to be string");
                    case "response", "response_type" -> {
                        try {
                            type = ResponseType.parse(string(v, "Expected response type to be string"));
                        } catch (IllegalArgumentException ex) {
                            throw new PluginException(ex.getMessage());
                        }
                    }
                    case "threshold", "response_threshold", "response_max_time", "response_time" -> {
                        String text = string(v, "Expected response threshold to be a parseable time duration");
                        try {
                            threshold = GoDuration.parse(text);
                        } catch (IllegalArgumentException ex) {
                            throw new PluginException("Expected response threshold to be a parseable time duration, got \""
                                    + text + "\"");
                        }
                    }
                    case "accounts" -> {
                        for (ConfigValue a : list(v, "Expected accounts to be an array")) {
                            accounts.add(string(a, "Expected account name to be string"));
                        }
                    }
                    case "account_token_position" -> tokenPosition = tokenPosition(v);
                    case "latency" -> {
                        latency = ServiceLatency.parse(v);
                        if (stream != null) {
                            throw new PluginException("Detected latency directive on non-service");
                        }
                    }
                    default -> {
                        if (!UsedVariables.isUsedVariable(v)) {
                            throw new PluginException("unknown field \"" + e.getKey() + "\"");
                        }
                    }
                }
            }
            if (stream != null && service != null) {
                throw new PluginException("Detected service \"" + service + "\" but already saw a stream");
            }
            if (stream != null && (type != null || threshold != null)) {
                throw new PluginException("Detected response directive on non-service");
            }
            if (stream != null && latency != null) {
                throw new PluginException("Detected latency directive on non-service");
            }
            String subject = stream != null ? stream : service;
            if (subject == null) {
                continue; // nats-server ignores an item that names neither
            }
            if (!Subjects.isValidSubscribeSubject(subject)) {
                throw new PluginException("Error adding " + (stream != null ? "stream" : "service") + " export \""
                        + subject + "\": invalid subject");
            }
            if (tokenPosition != 0 && !tokenIsWildcard(subject, tokenPosition)) {
                throw new PluginException("Error adding " + (stream != null ? "stream" : "service") + " export \""
                        + subject + "\": sublist: invalid subject");
            }
            exports.add(new Export(service != null, subject, Set.copyOf(accounts),
                    type == null ? ResponseType.SINGLETON : type,
                    threshold == null ? Export.DEFAULT_RESPONSE_THRESHOLD : threshold, tokenPosition, latency));
        }
        return exports;
    }

    static List<Import> readImports(String account, ConfigValue value) {
        List<Import> imports = new ArrayList<>();
        Set<String> serviceSubjects = new LinkedHashSet<>();
        for (ConfigObject item : items(value, "Imports should be an array", "Import Items should be a map with type entry")) {
            String[] stream = null;
            String[] service = null;
            String prefix = null;
            String to = null;
            boolean share = false;
            for (Map.Entry<String, ConfigValue> e : item.entrySet()) {
                ConfigValue v = e.getValue();
                switch (e.getKey().toLowerCase(Locale.ROOT)) {
                    case "stream" -> stream = source(v, "Stream entry should be an account map");
                    case "service" -> service = source(v, "Service entry should be an account map");
                    case "prefix" -> prefix = string(v, "Expected prefix to be string");
                    case "to" -> to = string(v, "Expected to to be string");
                    // Only a service import shares (nats-server ignores it on a stream import).
                    case "share" -> share = v.valueType() == ConfigValueType.BOOLEAN && Boolean.TRUE.equals(v.unwrapped());
                    default -> {
                        if (!UsedVariables.isUsedVariable(v)) {
                            throw new PluginException("unknown field \"" + e.getKey() + "\"");
                        }
                    }
                }
            }
            if (stream != null && service != null) {
                throw new PluginException("Detected service but already saw a stream");
            }
            if (stream != null) {
                if (prefix != null && to != null) {
                    throw new PluginException("Stream import can not have a 'prefix' and a 'to' property");
                }
                imports.add(new Import(false, stream[0], stream[1], streamLocal(stream[1], prefix, to)));
            } else if (service != null) {
                String local = to != null ? to : service[1];
                if (!serviceSubjects.add(local)) {
                    throw new PluginException("Duplicate service import subject \"" + local + "\"");
                }
                imports.add(new Import(true, service[0], service[1], local, share));
            }
        }
        return imports;
    }

    private static String streamLocal(String subject, String prefix, String to) {
        if (prefix != null && !prefix.isEmpty()) {
            if (SubjectMatch.hasWildcard(prefix)) {
                throw new PluginException("Error adding stream import \"" + subject
                        + "\": stream import prefix can not contain wildcard tokens");
            }
            return prefix.endsWith(".") ? prefix + subject : prefix + "." + subject;
        }
        return to == null || to.isEmpty() ? subject : to;
    }

    /**
     * Checks every import against the exporter's exports, as nats-server does once all
     * accounts are read.
     */
    static void validate(Map<String, Account> accounts) {
        for (Account acc : accounts.values()) {
            for (Export export : acc.exports()) {
                String problem = latencyProblem(acc.exports(), export);
                if (problem != null) {
                    throw new PluginException("Error adding service latency sampling for \"" + export.subject()
                            + "\" on subject \"" + export.latency().subject() + "\": " + problem);
                }
                for (String allowed : export.accounts()) {
                    if (!accounts.containsKey(allowed)) {
                        throw new PluginException("\"" + allowed + "\" account not defined for "
                                + (export.service() ? "service" : "stream") + " export");
                    }
                }
            }
            Set<String> streamSources = new LinkedHashSet<>();
            for (Import imp : acc.imports()) {
                String kind = imp.service() ? "service" : "stream";
                Account exporter = accounts.get(imp.exporter());
                if (exporter == null) {
                    throw new PluginException("\"" + imp.exporter() + "\" account not defined for " + kind + " import");
                }
                String what = "Error adding " + kind + " import \"" + imp.subject() + "\": ";
                // nats-server asks the export of exactly the imported subject first, and only it.
                List<Export> candidates = exporter.exports().stream()
                        .filter(x -> x.service() == imp.service() && x.subject().equals(imp.subject())).toList();
                if (candidates.isEmpty()) {
                    candidates = exporter.exports().stream().filter(x -> x.service() == imp.service()).toList();
                }
                boolean permitted = candidates.stream().anyMatch(x -> x.permits(acc.name(), imp.subject()));
                if (!permitted) {
                    throw new PluginException(what + kind + " import not authorized");
                }
                if (!imp.service() && !streamSources.add(imp.exporter() + " " + imp.subject())) {
                    throw new PluginException(what + "stream import already exists");
                }
                try {
                    if (imp.service()) {
                        SubjectTransform.of(imp.local(), imp.subject());
                    } else {
                        SubjectTransform.of(imp.subject(), imp.local());
                    }
                } catch (IllegalArgumentException ex) {
                    throw new PluginException(what + ex.getMessage());
                }
            }
        }
    }

    /** nats-server reads the position as an integer and fails on anything else. */
    private static int tokenPosition(ConfigValue v) {
        if (v.valueType() != ConfigValueType.NUMBER || !(v.unwrapped() instanceof Integer
                || v.unwrapped() instanceof Long)) {
            throw new PluginException("Expected account_token_position to be an integer, got "
                    + v.valueType().name().toLowerCase(Locale.ROOT));
        }
        long n = ((Number) v.unwrapped()).longValue();
        // A negative position makes nats-server 2.9.10 fail at startup with an index error.
        return n < 0 || n > Integer.MAX_VALUE ? -1 : (int) n;
    }

    /** nats-server's setExportAuth: the position must name a {@code *} token of the export. */
    private static boolean tokenIsWildcard(String subject, int position) {
        String[] tokens = subject.split("\\.", -1);
        return position > 0 && position <= tokens.length && tokens[position - 1].equals("*");
    }

    /**
     * nats-server 2.9.10's checks of {@code TrackServiceExportWithSampling}, in its order.
     *
     * @param exports all exports of the account
     * @param export one of them
     * @return nats-server's error text, or null when the export's latency tracking is fine
     *         (or it has none)
     */
    public static String latencyProblem(List<Export> exports, Export export) {
        ServiceLatency latency = export.latency();
        if (latency == null) {
            return null;
        }
        if (latency.sampling() != ServiceLatency.HEADERS && (latency.sampling() < 1 || latency.sampling() > 100)) {
            return ServiceLatency.BAD_SAMPLING;
        }
        String results = latency.subject();
        if (!Subjects.isValidSubscribeSubject(results) || SubjectMatch.hasWildcard(results)) {
            return "invalid publish subject";
        }
        // Results published to one of the account's own services would loop back.
        for (Export x : exports) {
            if (x.service() && SubjectMatch.matches(x.subject(), results)) {
                return "invalid publish subject";
            }
        }
        if (export.responseType() != ResponseType.SINGLETON) {
            return "bad service response type";
        }
        return null;
    }

    private static List<ConfigObject> items(ConfigValue value, String notList, String notMap) {
        List<ConfigObject> out = new ArrayList<>();
        for (ConfigValue v : list(value, notList)) {
            if (v.valueType() != ConfigValueType.OBJECT) {
                throw new PluginException(notMap + ", got " + v.valueType().name().toLowerCase(Locale.ROOT));
            }
            out.add((ConfigObject) v);
        }
        return out;
    }

    private static ConfigList list(ConfigValue value, String message) {
        if (value.valueType() != ConfigValueType.LIST) {
            throw new PluginException(message + ", got " + value.valueType().name().toLowerCase(Locale.ROOT));
        }
        return (ConfigList) value;
    }

    private static String string(ConfigValue value, String message) {
        if (value.valueType() != ConfigValueType.STRING) {
            throw new PluginException(message + ", got " + value.valueType().name().toLowerCase(Locale.ROOT));
        }
        return (String) value.unwrapped();
    }

    /** @return {account, subject} of an import's {@code stream}/{@code service} map */
    private static String[] source(ConfigValue value, String notMap) {
        if (value.valueType() != ConfigValueType.OBJECT) {
            throw new PluginException(notMap + ", got " + value.valueType().name().toLowerCase(Locale.ROOT));
        }
        String account = null;
        String subject = null;
        for (Map.Entry<String, ConfigValue> e : ((ConfigObject) value).entrySet()) {
            switch (e.getKey().toLowerCase(Locale.ROOT)) {
                case "account" -> account = string(e.getValue(), "Expected account to be string");
                case "subject" -> subject = string(e.getValue(), "Expected subject to be string");
                default -> {
                    if (!UsedVariables.isUsedVariable(e.getValue())) {
                        throw new PluginException("unknown field \"" + e.getKey() + "\"");
                    }
                }
            }
        }
        if (account == null || account.isEmpty() || subject == null || subject.isEmpty()) {
            throw new PluginException("Expect an account name and a subject");
        }
        return new String[] {account, subject};
    }
}
