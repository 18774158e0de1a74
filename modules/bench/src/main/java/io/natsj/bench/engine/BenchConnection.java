package io.natsj.bench.engine;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/** One client connection as the scenarios use it; implementations are not shared between threads. */
public interface BenchConnection extends AutoCloseable {

    /** What the server said about itself in INFO. */
    ServerIdentity server();

    /** Subscribes and counts every message delivered on it into {@code counter}. */
    void subscribe(String subject, String queueGroup, MessageCounter counter) throws IOException;

    /** Subscribes and echoes each message's payload back to its reply subject. */
    void respond(String subject) throws IOException;

    /**
     * Publishes up to {@code count} copies of {@code payload} as fast as the connection accepts
     * them, stopping early once {@code keepGoing} turns false.
     *
     * @param progress told how many messages were handed over since its last call
     * @return the number of messages published
     */
    long publish(String subject, byte[] payload, long count, BooleanSupplier keepGoing,
                 LongConsumer progress) throws IOException;

    /** A PING/PONG round trip: everything sent before it has been processed by the server. */
    void flush(Duration timeout) throws IOException, TimeoutException;

    /**
     * Sends one request and waits for its reply.
     *
     * @return the round-trip time in nanoseconds
     */
    long request(String subject, byte[] payload, Duration timeout) throws IOException, TimeoutException;

    /** A protocol error the server reported, or {@code null}. */
    String lastError();

    @Override
    void close();
}
