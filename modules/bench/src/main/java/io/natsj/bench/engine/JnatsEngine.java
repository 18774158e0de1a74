package io.natsj.bench.engine;

import io.nats.client.Connection;
import io.nats.client.Consumer;
import io.nats.client.Dispatcher;
import io.nats.client.ErrorListener;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.ServerInfo;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * The engine a Java application would use: the official jnats client with its default buffering,
 * so its figures include the library's own costs.
 */
public final class JnatsEngine implements ClientEngine {

    /** How often, in messages, a publishing loop checks its stop condition and reports progress. */
    private static final int PUBLISH_CHECK_INTERVAL = 1024;

    private final ClientTls tls;
    private final ClientCredentials creds;

    /** @param tls used for {@code tls://} URLs, and for any URL when files were given */
    public JnatsEngine(ClientTls tls, ClientCredentials creds) {
        this.tls = tls;
        this.creds = creds;
    }

    @Override
    public String name() {
        return "jnats";
    }

    @Override
    public BenchConnection connect(String url, String connectionName) throws IOException {
        var errors = new ErrorCollector();
        return new JnatsConnection(open(url, connectionName, errors), errors);
    }

    /**
     * Opens a jnats connection with the bench's settings, for scenarios that drive jnats's own
     * APIs (JetStream publish) rather than {@link BenchConnection}.
     *
     * @param url            the server URL
     * @param connectionName the name the server shows for this connection
     * @return the open connection; the caller closes it
     */
    public Connection open(String url, String connectionName) throws IOException {
        return open(url, connectionName, new ErrorCollector());
    }

    private Connection open(String url, String connectionName, ErrorCollector errors) throws IOException {
        Options.Builder builder = Options.builder();
        if (ClientTls.wanted(url) || tls.configured()) {
            // jnats does TLS exactly when it has a context, and then insists the server does too.
            builder.sslContext(tls.sslContext());
        }
        if (creds != null) {
            builder.authHandler(Nats.credentials(creds.file().toString()));
        }
        Options options = builder
                .server(url)
                .connectionName(connectionName)
                .noReconnect()
                .connectionTimeout(Duration.ofSeconds(10))
                // Block the publisher instead of failing when the outgoing queue is full:
                // back-pressure is what a benchmark wants.
                .writeQueuePushTimeout(Duration.ofMinutes(5))
                .errorListener(errors)
                .build();
        try {
            return Nats.connect(options);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting to " + url, e);
        }
    }

    @Override
    public void close() {
        // Nothing shared: every jnats connection owns its threads.
    }

    /** Keeps the last asynchronous error so a run can report it. */
    private static final class ErrorCollector implements ErrorListener {
        private volatile String last;

        @Override
        public void errorOccurred(Connection conn, String error) {
            last = error;
        }

        @Override
        public void exceptionOccurred(Connection conn, Exception exp) {
            last = exp.toString();
        }

        @Override
        public void slowConsumerDetected(Connection conn, Consumer consumer) {
            last = "slow consumer detected by the client";
        }
    }

    private static final class JnatsConnection implements BenchConnection {
        private final Connection connection;
        private final ErrorCollector errors;
        private final List<Dispatcher> dispatchers = new ArrayList<>();

        JnatsConnection(Connection connection, ErrorCollector errors) {
            this.connection = connection;
            this.errors = errors;
        }

        @Override
        public ServerIdentity server() {
            ServerInfo info = connection.getServerInfo();
            return info == null ? ServerIdentity.UNKNOWN
                    : new ServerIdentity(info.getServerName(), info.getVersion(), info.getServerId());
        }

        @Override
        public void subscribe(String subject, String queueGroup, MessageCounter counter) {
            Dispatcher dispatcher = connection.createDispatcher(
                    (Message msg) -> counter.add(1, msg.getData() == null ? 0 : msg.getData().length));
            // Unlimited: a dropped message must show up as loss, not be hidden by client limits.
            dispatcher.setPendingLimits(0, 0);
            if (queueGroup == null) {
                dispatcher.subscribe(subject);
            } else {
                dispatcher.subscribe(subject, queueGroup);
            }
            dispatchers.add(dispatcher);
        }

        @Override
        public void respond(String subject) {
            Dispatcher dispatcher = connection.createDispatcher(
                    (Message msg) -> connection.publish(msg.getReplyTo(), msg.getData()));
            dispatcher.subscribe(subject);
            dispatchers.add(dispatcher);
        }

        @Override
        public long publish(String subject, byte[] payload, long count, BooleanSupplier keepGoing,
                            LongConsumer progress) {
            long sent = 0;
            while (sent < count) {
                long chunkEnd = Math.min(count, sent + PUBLISH_CHECK_INTERVAL);
                for (long i = sent; i < chunkEnd; i++) {
                    connection.publish(subject, payload);
                }
                progress.accept(chunkEnd - sent);
                sent = chunkEnd;
                if (!keepGoing.getAsBoolean()) {
                    break;
                }
            }
            return sent;
        }

        @Override
        public void flush(Duration timeout) throws TimeoutException {
            try {
                connection.flush(timeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TimeoutException("interrupted");
            }
        }

        @Override
        public long request(String subject, byte[] payload, Duration timeout) throws TimeoutException {
            long start = System.nanoTime();
            try {
                Message reply = connection.request(subject, payload, timeout);
                if (reply == null) {
                    throw new TimeoutException("no reply within " + timeout);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TimeoutException("interrupted");
            }
            return System.nanoTime() - start;
        }

        @Override
        public String lastError() {
            return errors.last;
        }

        @Override
        public void close() {
            try {
                connection.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
