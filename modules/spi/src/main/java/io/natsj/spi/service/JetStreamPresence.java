package io.natsj.spi.service;

/**
 * JetStream as the server runs it, for the plugins that must treat JetStream's subjects
 * apart: a leaf connection keeps {@code $JS.API.>} on its own side and lets
 * {@code $JS.<domain>.API.>} cross, and tells the other side its domain (nats-server's INFO
 * and CONNECT {@code domain}, {@code jetstream}). The JetStream service gives it
 * ({@link Service#jetStream()}); the kernel hands it on ({@code LocalServer.jetStream()}).
 */
public interface JetStreamPresence {

    /** A server without JetStream. */
    JetStreamPresence NONE = new JetStreamPresence() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public String domain() {
            return "";
        }

        @Override
        public boolean enabledIn(String account) {
            return false;
        }
    };

    /** @return true when the server runs JetStream ({@code jetstream} enabled) */
    boolean enabled();

    /** @return the server's JetStream domain ({@code jetstream.domain}), "" for none */
    String domain();

    /**
     * @param account an account name
     * @return true when JetStream is enabled in that account
     */
    boolean enabledIn(String account);
}
