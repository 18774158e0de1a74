package io.natsj.kernel.account;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.natsj.spi.PluginException;
import java.util.Locale;

/**
 * Latency tracking of a service export: which requests are measured and where the
 * {@code io.nats.server.metric.v1.service_latency} results go in the exporting account.
 *
 * @param sampling the percentage of requests measured, 1 to 100; {@link #HEADERS} (0) to
 *        measure only requests whose tracing headers ask for it
 * @param subject the results subject in the exporting account
 */
public record ServiceLatency(int sampling, String subject) {

    /** The sampling value meaning "as the request's tracing headers say". */
    public static final int HEADERS = 0;

    /** nats-server's default sampling. */
    public static final int DEFAULT_SAMPLING = 100;

    /** nats-server's text for a sampling outside 1..100. */
    public static final String BAD_SAMPLING = "bad sampling percentage, should be 1-100";

    /**
     * Reads an export's {@code latency} value as nats-server 2.9.10's {@code parseServiceLatency}
     * does: a string is the results subject (sampling 100%); a map has {@code sampling}
     * ({@code 50}, {@code "50%"} or {@code "headers"}) and a required {@code subject}.
     *
     * @param value the configured value
     * @return the setting
     * @throws PluginException with nats-server's text for a malformed value
     */
    static ServiceLatency parse(ConfigValue value) {
        if (value.valueType() == ConfigValueType.STRING) {
            return new ServiceLatency(DEFAULT_SAMPLING, (String) value.unwrapped());
        }
        if (value.valueType() != ConfigValueType.OBJECT) {
            throw new PluginException("Expected latency entry to be a map/struct or string, got " + goType(value));
        }
        ConfigObject map = (ConfigObject) value;
        int sampling = DEFAULT_SAMPLING;
        ConfigValue s = map.get("sampling");
        if (s != null) {
            boolean headers = false;
            long sample;
            if (s.valueType() == ConfigValueType.NUMBER && s.unwrapped() instanceof Number n
                    && !(n instanceof Double)) {
                sample = n.longValue();
            } else if (s.valueType() == ConfigValueType.STRING) {
                String text = (String) s.unwrapped();
                if (text.strip().toLowerCase(Locale.ROOT).equals("headers")) {
                    headers = true;
                    sample = HEADERS;
                } else {
                    String digits = text.endsWith("%") ? text.substring(0, text.length() - 1) : text;
                    try {
                        sample = Integer.parseInt(digits);
                    } catch (NumberFormatException e) {
                        throw new PluginException("Failed to parse latency sample: strconv.Atoi: parsing \""
                                + digits + "\": invalid syntax");
                    }
                }
            } else {
                throw new PluginException("Expected latency sample to be a string or map/struct, got " + goType(s));
            }
            if (!headers && (sample < 1 || sample > 100)) {
                throw new PluginException(BAD_SAMPLING);
            }
            sampling = (int) sample;
        }
        ConfigValue subject = map.get("subject");
        if (subject == null) {
            throw new PluginException("Latency subject required, but missing");
        }
        if (subject.valueType() != ConfigValueType.STRING) {
            // nats-server formats the zero string it failed to read, so the type is always string.
            throw new PluginException("Expected latency subject to be a string, got string");
        }
        return new ServiceLatency(sampling, (String) subject.unwrapped());
    }

    private static String goType(ConfigValue v) {
        return switch (v.valueType()) {
            case NUMBER -> v.unwrapped() instanceof Double ? "float64" : "int64";
            case BOOLEAN -> "bool";
            case LIST -> "[]interface {}";
            case OBJECT -> "map[string]interface {}";
            case STRING -> "string";
            case NULL -> "<nil>";
        };
    }
}
