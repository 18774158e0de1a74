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
    /** A round is wanted now, not only once listeners pile up (a removal, a new block, syncNow). */
    private boolean urgent;
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
                if (pending == 1 || pending > INLINE_MAX) {
                    // The first starts the sync thread's grace period (few waiting: the appending
                    // thread syncs them itself when it goes idle); many need a round now.
                    work.signal();
                }
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
                urgent = true;
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
            urgent = true;
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

    /**
     * Called by the appending thread when it has nothing more queued: when the sync thread is
     * between rounds and only a few listeners wait, the round runs here. A publisher that waits
     * for each acknowledgement then costs no hand-off to the sync thread and back; under load
     * the sync thread is in a round (or many listeners wait) and takes them as before, so appends
     * and syncs still overlap.
     */
    void syncIfIdle() {
        Round round;
        lock.lock();
        try {
            if (timed() || roundRunning || closing || pending == 0 || pending > INLINE_MAX) {
                return;
            }
            round = take();
        } finally {
            lock.unlock();
        }
        complete(round);
    }

    /** Listeners waiting at most this many are synced on the appending thread when it goes idle. */
    private static final int INLINE_MAX = 4;
    /** A listener the appending thread did not sync within this is taken by the sync thread. */
    private static final long IDLE_GRACE_NANOS = 200_000;

    /** What one sync round covers. */
    private record Round(List<BlockFile> blocks, boolean syncDirectory, int taken, long[] sequences,
                         DurableListener[] listeners) {
    }

    // Spare arrays of the last round, reused by the next one; guarded by lock.
    private long[] spareSequences = new long[256];
    private DurableListener[] spareListeners = new DurableListener[256];

    /** Takes everything queued for one round; the caller holds the lock and no round is running. */
    private Round take() {
        roundRunning = true;
        List<BlockFile> blocks = dirty;
        dirty = new ArrayList<>();
        for (BlockFile block : blocks) {
            block.syncPending = false;
        }
        boolean syncDirectory = directoryDirty;
        directoryDirty = false;
        urgent = false;
        int taken = pending;
        long[] takenSequences = sequences;
        DurableListener[] takenListeners = listeners;
        sequences = spareSequences.length >= takenSequences.length ? spareSequences : new long[takenSequences.length];
        listeners = spareListeners.length >= takenListeners.length ? spareListeners
            : new DurableListener[takenListeners.length];
        spareSequences = null;
        spareListeners = null;
        pending = 0;
        return new Round(blocks, syncDirectory, taken, takenSequences, takenListeners);
    }

    /** Forces what {@code round} covers, tells its listeners in order and ends the round. */
    private void complete(Round round) {
        StoreException error = sync(round.blocks, round.syncDirectory);
        for (int i = 0; i < round.taken; i++) {
            tell(round.listeners[i], round.sequences[i], error);
            round.listeners[i] = null;
        }
        lock.lock();
        try {
            if (!round.blocks.isEmpty()) {
                forces++;
                forcedMessages += round.taken;
            }
            spareSequences = round.sequences;
            spareListeners = round.listeners;
            rounds++;
            roundRunning = false;
            synced.signalAll();
            work.signal(); // the sync thread waits while a round runs; it decides what is due
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits (holding the lock) until a round is due: on close, on a change or sync asked for,
     * once more listeners wait than the appending thread syncs itself, or when a few have waited
     * {@link #IDLE_GRACE_NANOS} without the appending thread syncing them.
     */
    private void awaitRound() throws InterruptedException {
        long graceEnd = 0;
        while (true) {
            if (closing && !roundRunning) {
                return;
            }
            if (roundRunning || pending == 0 && !urgent) {
                graceEnd = 0;
                work.await();
                continue;
            }
            if (urgent || pending > INLINE_MAX) {
                return;
            }
            long now = System.nanoTime();
            if (graceEnd == 0) {
                graceEnd = now + IDLE_GRACE_NANOS;
            } else if (now - graceEnd >= 0) {
                return;
            }
            work.awaitNanos(graceEnd - now);
        }
    }

    @Override
    public void run() {
        while (true) {
            Round round;
            boolean last;
            lock.lock();
            try {
                if (timed()) {
                    if (!closing && !directoryDirty) {
                        work.awaitNanos(intervalNanos);
                    }
                    while (roundRunning) {
                        work.await();
                    }
                } else {
                    awaitRound();
                }
                last = closing;
                round = take();
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            complete(round);
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
