package io.natsj.topology.routes;

import io.natsj.config.GoDuration;
import io.natsj.config.GoFormat;
import io.natsj.spi.PluginException;
import java.time.Duration;
/**
 * Go's duration text both ways, as the cluster section and /routez use it: the shared
 * {@link GoDuration} and {@link GoFormat}, with errors naming the config path.
 */
final class GoDurations {

    private GoDurations() {
    }

    /**
     * @param text a Go duration such as {@code "1.5s"}
     * @param path the config path, for the error
     * @return the duration
     * @throws PluginException with Go's message and the path
     */
    static Duration parse(String text, String path) {
        try {
            return GoDuration.parse(text.trim());
        } catch (IllegalArgumentException e) {
            throw new PluginException(path + ": " + e.getMessage());
        }
    }

    /** @return Go's {@code time.Duration.String()}, as /routez shows {@code rtt} */
    static String format(Duration d) {
        return GoFormat.duration(d.toNanos());
    }

    /** @return nats-server's uptime form ({@code 1d2h3m4s}), as /routez shows uptime and idle */
    static String uptime(Duration d) {
        return GoFormat.uptime(d);
    }
}
