package io.natsj.tests.support;

/**
 * A running server the suite talks to over real sockets. Closing it stops the server and every
 * connection it holds.
 */
public interface ServerUnderTest extends AutoCloseable {

    /** @return which implementation is running */
    Target target();

    /** @return the bound client port on 127.0.0.1 */
    int port();

    /** @return the client URL, {@code nats://127.0.0.1:<port>} */
    default String clientUrl() {
        return "nats://127.0.0.1:" + port();
    }

    /**
     * Enters lame duck mode: in-process for natsj, SIGUSR2 for nats-server (as
     * {@code nats-server --signal ldm} sends).
     */
    void enterLameDuckMode();

    @Override
    void close();
}
