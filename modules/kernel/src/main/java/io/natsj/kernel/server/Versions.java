package io.natsj.kernel.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * natsj's own version, and the nats-server version whose behaviour it implements (what INFO
 * reports as {@code version}, since clients switch features on by it).
 */
public final class Versions {

    /** natsj's version, e.g. {@code 0.1.0}. */
    public static final String NATSJ;
    /** The nats-server version natsj behaves as, e.g. {@code 2.9.10}. */
    public static final String NATS_COMPAT;

    static {
        Properties p = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("/io/natsj/kernel/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        NATSJ = p.getProperty("natsj.version", "dev");
        NATS_COMPAT = p.getProperty("nats.compat.version", "2.9.10");
    }

    private Versions() {
    }
}
