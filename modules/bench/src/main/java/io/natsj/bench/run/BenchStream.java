package io.natsj.bench.run;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.natsj.bench.engine.ClientEngine;
import io.natsj.bench.engine.JnatsEngine;
import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

/**
 * The frame every JetStream scenario runs in: a jnats connection, a fresh stream of the
 * scenario's storage on a subject of its own, deleted afterwards, and JetStream API errors
 * reported as the server's code and text.
 */
final class BenchStream {

    /** What a scenario does with its stream. */
    interface Body {
        RunResult run(JetStream js, String subject)
                throws IOException, JetStreamApiException, InterruptedException, TimeoutException;
    }

    /** A scenario that needs the connection too (a dispatcher for push delivery). */
    interface ConnectionBody {
        RunResult run(Connection connection, JetStream js, String subject)
                throws IOException, JetStreamApiException, InterruptedException, TimeoutException;
    }

    private BenchStream() {
    }

    /** @return the engine as jnats, the only one with a JetStream API */
    static JnatsEngine jnats(ClientEngine engine) {
        if (!(engine instanceof JnatsEngine jnats)) {
            throw new IllegalArgumentException("JetStream scenarios run on the jnats engine, not " + engine.name());
        }
        return jnats;
    }

    static RunResult run(JnatsEngine engine, ScenarioSpec spec, Target target, String connectionName, Body body)
            throws IOException, TimeoutException {
        return run(engine, spec, target, connectionName, (ConnectionBody) (c, js, subject) -> body.run(js, subject));
    }

    static RunResult run(JnatsEngine engine, ScenarioSpec spec, Target target, String connectionName,
                         ConnectionBody body) throws IOException, TimeoutException {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String stream = "BENCH_" + id;
        String subject = "bench.js." + id;
        try (Connection connection = engine.open(target.url(), connectionName)) {
            JetStreamManagement jsm = connection.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder().name(stream).subjects(subject)
                    .storageType("memory".equals(spec.storage()) ? StorageType.Memory : StorageType.File).build());
            try {
                return body.run(connection, connection.jetStream(), subject);
            } finally {
                jsm.deleteStream(stream);
            }
        } catch (JetStreamApiException e) {
            throw new IOException(target.label() + ": JetStream API error " + e.getApiErrorCode() + ": "
                    + e.getErrorDescription() + " (is JetStream enabled on the server?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimeoutException("interrupted");
        }
    }
}
