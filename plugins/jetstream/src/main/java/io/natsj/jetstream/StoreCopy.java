package io.natsj.jetstream;

import io.natsj.spi.store.StoreException;
import io.natsj.spi.store.StoredMessage;
import io.natsj.spi.store.StreamState;
import io.natsj.spi.store.StreamStore;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Copies one store into another of a different kind, keeping sequences, gaps, subjects,
 * headers, payloads and times: a restore whose config asks for another storage than the
 * snapshot's stream had (each store reads only its own snapshots). nats-server 2.9.10 in that
 * case starts the stream empty; natsj keeps the messages.
 */
final class StoreCopy {

    private static final long DURABLE_WAIT_SECONDS = 60;

    private StoreCopy() {
    }

    /** Appends every message of {@code from} to the empty {@code to}, and waits until they are durable. */
    static void copy(StreamStore from, StreamStore to) throws IOException {
        StreamState state = from.state();
        if (state.firstSequence() > 1) {
            to.skipTo(state.firstSequence());
        }
        CompletableFuture<Void> durable = CompletableFuture.completedFuture(null);
        long last = 0;
        for (StoredMessage m = from.loadNext(null, state.firstSequence()); m != null && m.sequence() <= state.lastSequence();
             m = from.loadNext(null, m.sequence() + 1)) {
            if (m.sequence() > to.state().lastSequence() + 1) {
                to.skipTo(m.sequence());
            }
            CompletableFuture<Void> done = new CompletableFuture<>();
            last = to.append(m.subject(), m.headers(), m.payload(), m.timestampNanos(), (seq, error) -> {
                if (error != null) {
                    done.completeExceptionally(error);
                } else {
                    done.complete(null);
                }
            });
            durable = done;
        }
        if (state.lastSequence() > Math.max(last, to.state().lastSequence())) {
            to.skipTo(state.lastSequence() + 1);
        }
        try {
            // Listeners are called in sequence order: the last one covers all.
            durable.get(DURABLE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause() instanceof StoreException s ? s.getMessage() : e.toString());
        } catch (TimeoutException e) {
            throw new IOException("restored messages not durable within " + DURABLE_WAIT_SECONDS + "s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }
}
