package io.natsj.spi.service;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A running service. Its monitoring answers are ordered maps the kernel writes as JSON.
 */
public interface Service extends AutoCloseable {

    /**
     * @return fields the service adds to the INFO every client gets (JetStream:
     *         {@code "jetstream": true}); values are strings, numbers or booleans
     */
    default Map<String, Object> infoFields() {
        return Map.of();
    }

    /**
     * @return the JetStream this service runs, or null when it is not JetStream; the kernel
     *         hands the first one on to topology plugins ({@code LocalServer.jetStream()})
     */
    default JetStreamPresence jetStream() {
        return null;
    }

    /**
     * An account was defined after the service started, or its settings changed: an account an
     * authenticator resolves (operator mode) when its first user connects or its JWT is
     * updated. Called before that user is admitted, on the thread that defined it; the
     * account's {@link ServiceAccount#setting} holds its new settings (JetStream: enabled for
     * the account exactly when it has a {@code jetstream} setting).
     *
     * @param account the account
     */
    default void accountDefined(ServiceAccount account) {
    }

    /**
     * @return accounts the service keeps state for on disk but was not given at start-up
     *         (JetStream: the account directories of its store); in operator mode the kernel
     *         resolves each once the services have started, as nats-server looks up the
     *         accounts its store directory names, so that their streams run (mirrors and
     *         sources resume, push consumers deliver) before a user of theirs connects. A name
     *         the resolver does not know is logged and left alone.
     */
    default List<String> storedAccounts() {
        return List.of();
    }

    /** @return the monitoring endpoint it answers ({@code jsz}), or null for none */
    default String monitorName() {
        return null;
    }

    /**
     * @param query the request's query parameters (a name to its value, "" when absent)
     * @return the answer of {@link #monitorName()}
     * @throws IllegalArgumentException for a bad query (answered 400 with its message)
     */
    default Map<String, Object> monitor(Function<String, String> query) {
        return Map.of();
    }

    /** @return the field of /varz it fills ({@code jetstream}), or null for none */
    default String varzName() {
        return null;
    }

    /** @return the value of {@link #varzName()} in /varz */
    default Map<String, Object> varz() {
        return Map.of();
    }

    /**
     * @param query the /healthz query parameters
     * @return why the server is not healthy as this service sees it, or empty when it is
     */
    default Optional<String> unhealthy(Function<String, String> query) {
        return Optional.empty();
    }

    /** Stops the service: everything it promised durable is made so, its clients close. */
    @Override
    void close();
}
