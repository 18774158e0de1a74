package io.natsj.jetstream;

import io.natsj.spi.service.ServiceMessage;
import io.natsj.spi.service.ServiceSubscription;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Sends a snapshot to its deliver subject as it is written, in chunks, as nats-server 2.9.10's
 * streamSnapshot does: each chunk carries a reply subject
 * {@code $JS.SNAPSHOT.ACK.<stream>.<id>.<chunk size>.<index>} that the receiver answers to
 * acknowledge it; past 8 MiB unacknowledged the sender waits up to 10 ms for an
 * acknowledgement before each chunk; an empty message without headers or reply ends the
 * snapshot. Only one chunk is held in memory.
 *
 * <p>nats-server 2.9.10 would go on sending forever to a receiver that never acknowledges; this
 * sender gives up when nothing has been acknowledged for {@link #STALL_NANOS} while over the
 * window (later nats-server versions do the same), and ends the snapshot there.
 */
final class SnapshotSender extends OutputStream {

    static final int DEFAULT_CHUNK = 128 * 1024;
    /** Larger chunks than this are not honoured: a chunk is held in memory. */
    static final int MAX_CHUNK = 8 * 1024 * 1024;
    static final long WINDOW = 8L * 1024 * 1024;
    private static final long FLOW_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final AccountJetStream account;
    private final String deliver;
    private final String ackPrefix;
    private final byte[] buffer;
    private final AtomicLong outstanding = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition acked = lock.newCondition();
    private volatile long lastAckNanos = System.nanoTime();
    private ServiceSubscription ackSubscription;
    private int filled;
    private int index = 1;
    private long sent;

    SnapshotSender(AccountJetStream account, String stream, String deliver, int chunkSize) {
        this.account = account;
        this.deliver = deliver;
        this.ackPrefix = "$JS.SNAPSHOT.ACK." + stream + "." + Advisories.id();
        this.buffer = new byte[chunkSize <= 0 ? DEFAULT_CHUNK : Math.min(chunkSize, MAX_CHUNK)];
    }

    /** Subscribes the acknowledgements; call before writing. */
    void start() {
        ackSubscription = account.connection().subscribe(ackPrefix + ".>", null, this::onAck);
    }

    /** On a network loop: an acknowledgement names the size of the chunk it frees. */
    private void onAck(ServiceMessage m) {
        String subject = m.subject();
        int end = subject.lastIndexOf('.');
        int start = subject.lastIndexOf('.', end - 1);
        long size;
        try {
            size = Long.parseLong(subject, start + 1, end, 10);
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return;
        }
        lastAckNanos = System.nanoTime();
        if (outstanding.addAndGet(-size) < WINDOW) {
            lock.lock();
            try {
                acked.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    @Override
    public void write(int b) throws IOException {
        if (filled == buffer.length) {
            sendChunk();
        }
        buffer[filled++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (filled == buffer.length) {
                sendChunk();
            }
            int n = Math.min(len, buffer.length - filled);
            System.arraycopy(b, off, buffer, filled, n);
            filled += n;
            off += n;
            len -= n;
        }
    }

    private void sendChunk() throws IOException {
        if (outstanding.get() > WINDOW) {
            if (System.nanoTime() - lastAckNanos > STALL_NANOS) {
                throw new IOException("no flow response");
            }
            lock.lock();
            try {
                if (outstanding.get() > WINDOW) {
                    acked.awaitNanos(FLOW_WAIT_NANOS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            } finally {
                lock.unlock();
            }
        }
        byte[] chunk = Arrays.copyOf(buffer, filled);
        account.connection().publish(deliver, ackPrefix + "." + chunk.length + "." + index, null, chunk);
        outstanding.addAndGet(chunk.length);
        sent += chunk.length;
        index++;
        filled = 0;
    }

    /**
     * Sends what is left, then the empty message that ends the snapshot, and stops listening
     * for acknowledgements. Called also when the snapshot failed part way.
     *
     * @param complete false to drop the partial chunk of a failed snapshot
     */
    void finish(boolean complete) {
        try {
            if (complete && filled > 0) {
                sendChunk();
            }
        } catch (IOException e) {
            // The end marker below still tells the receiver the snapshot is over.
        } finally {
            account.connection().publish(deliver, "", null, new byte[0]);
            if (ackSubscription != null) {
                ackSubscription.unsubscribe();
            }
        }
    }

    /** @return the snapshot bytes sent */
    long sent() {
        return sent;
    }
}
