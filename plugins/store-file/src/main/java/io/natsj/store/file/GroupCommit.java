package io.natsj.store.file;

import io.natsj.spi.store.StoreException;
import io.natsj.spi.store.StreamStore.DurableListener;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The sync thread of one store. Appends only queue their listener; this thread takes
 * everything queued, forces each block written meanwhile (and the directory when a block was
 * created) once, and then tells the listeners in sequence order: one {@code fdatasync} covers
 * every message appended while the previous one ran, so a publisher never waits for the disk
 * on the append itself and throughput grows with concurrency.
 *
 * <p>With a sync interval ({@link #timed}), listeners are told by the store at once and this
 * thread only forces on the timer.
 */
final class GroupCommit implements Runnable {

    private static final System.Logger LOG = System.getLogger(GroupCommit.class.getName());

    private final String storeName;
    private final Path directory;
    private final long intervalNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition synced = lock.newCondition();
    private long[] sequences = new long[256];
    private DurableListener[] listeners = new DurableListener[256];
    private int pending;
    private List<BlockFile> dirty = new ArrayList<>();
    private boolean directoryDirty;
    private boolean closing;
    /** Counts completed sync rounds; {@link #syncNow} waits for it to pass a round begun after its call. */
    private long rounds;
    private boolean roundRunning;
    private final Thread thread;
    private long forces;
    private long forcedMessages;

    GroupCommit(String storeName, Path directory, Duration interval) {
        this.storeName = storeName;
        this.directory = directory;
        this.intervalNanos = interval.toNanos();
        this.thread = Thread.ofPlatform().daemon().name("natsj-store-sync-" + storeName).unstarted(this);
    }

    void start() {
        thread.start();
    }

    /** @return true when listeners are told on write and forces run on a timer */
    boolean timed() {
        return intervalNanos > 0;
    }

    /** Queues {@code listener} of {@code sequence}, written into {@code block}, for the next sync. */
    void appended(BlockFile block, long sequence, DurableListener listener) {
        lock.lock();
        try {
            markDirtyLocked(block);
            if (listener != null && !timed()) {
                if (pending == sequences.length) {
                    sequences = Arrays.copyOf(sequences, pending * 2);
                    listeners = Arrays.copyOf(listeners, pending * 2);
                }
                sequences[pending] = sequence;
                listeners[pending] = listener;
                pending++;
                work.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Asks for {@code block} to be forced at the next sync (a removal mark, a new block). */
    void changed(BlockFile block, boolean newFile) {
        lock.lock();
        try {
            markDirtyLocked(block);
            directoryDirty |= newFile;
            if (!timed()) {
                work.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Asks for the directory to be forced at the next sync (a file created, renamed or deleted). */
    void directoryChanged() {
        lock.lock();
        try {
            directoryDirty = true;
        } finally {
            lock.unlock();
        }
    }

    private void markDirtyLocked(BlockFile block) {
        if (!block.syncPending) {
            block.syncPending = true;
            dirty.add(block);
        }
    }

    /** Runs a sync round that covers everything written before this call, and waits for it. */
    void syncNow() {
        lock.lock();
        try {
            long target = rounds + (roundRunning ? 2 : 1);
            directoryDirty = true;
            work.signal();
            while (rounds < target && thread.isAlive()) {
                synced.await(100, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** Syncs what is left, tells the last listeners and stops the thread. */
    void close() {
        lock.lock();
        try {
            closing = true;
            work.signal();
        } finally {
            lock.unlock();
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return {@code {forces, messages covered}} so far, for measurements */
    long[] statistics() {
        lock.lock();
        try {
            return new long[] {forces, forcedMessages};
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void run() {
        long[] takenSequences = new long[256];
        DurableListener[] takenListeners = new DurableListener[256];
        while (true) {
            List<BlockFile> blocks;
            boolean syncDirectory;
            int taken;
            boolean last;
            lock.lock();
            try {
                if (timed()) {
                    if (!closing && !directoryDirty) {
                        work.awaitNanos(intervalNanos);
                    }
                } else {
                    while (!closing && pending == 0 && dirty.isEmpty() && !directoryDirty) {
                        work.await();
                    }
                }
                last = closing;
                roundRunning = true;
                blocks = dirty;
                dirty = new ArrayList<>();
                for (BlockFile block : blocks) {
                    block.syncPending = false;
                }
                syncDirectory = directoryDirty;
                directoryDirty = false;
                taken = pending;
                long[] swapSequences = sequences;
                DurableListener[] swapListeners = listeners;
                sequences = takenSequences.length >= swapSequences.length ? takenSequences : new long[swapSequences.length];
                listeners = takenListeners.length >= swapListeners.length ? takenListeners : new DurableListener[swapListeners.length];
                takenSequences = swapSequences;
                takenListeners = swapListeners;
                pending = 0;
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            StoreException error = sync(blocks, syncDirectory);
            for (int i = 0; i < taken; i++) {
                tell(takenListeners[i], takenSequences[i], error);
                takenListeners[i] = null;
            }
            lock.lock();
            try {
                if (!blocks.isEmpty()) {
                    forces++;
                    forcedMessages += taken;
                }
                rounds++;
                roundRunning = false;
                synced.signalAll();
            } finally {
                lock.unlock();
            }
            if (last) {
                return;
            }
        }
    }

    private StoreException sync(List<BlockFile> blocks, boolean syncDirectory) {
        try {
            for (BlockFile block : blocks) {
                block.force();
            }
            if (syncDirectory) {
                BlockFile.forceDirectory(directory);
            }
            return null;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "stream " + storeName + ": sync of " + directory + " failed", e);
            return StoreFailures.of(e, "stream " + storeName + ": sync of " + directory + " failed");
        }
    }

    private void tell(DurableListener listener, long sequence, StoreException error) {
        try {
            listener.done(sequence, error);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "stream " + storeName + ": durability listener of "
                + sequence + " failed", e);
        }
    }
}
