package io.natsj.store.file;

import io.natsj.spi.store.StoreException;
import io.natsj.spi.store.StoredMessage;
import io.natsj.spi.store.StreamState;
import io.natsj.spi.store.StreamStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The file store of one stream: messages appended to block files (a new block once one
 * passes the block size), an in-memory index of every block and subject, group-committed
 * fsync before a message is reported durable, and removals that mark records in place and
 * give whole blocks back to the file system.
 *
 * <p>A read-write lock per store makes each change whole to readers; the writer holds it only
 * for in-memory work and page-cache writes, never for a sync. Reads that find a damaged
 * record throw {@code CORRUPT} from {@link #load}, and are skipped by {@link #loadNext} and
 * {@link #loadLast}; either way the sequence is logged and shown in
 * {@link StreamState#corrupted()}.
 *
 * <p>This class opens the store and owns the write side (append, block roll-over, removals
 * through {@link Removal}); reads are in {@link StoreQueries}, the clean close and delete in
 * {@link StoreClose}.
 */
public final class FileStreamStore implements StreamStore {

    /** Blocks roll over at this size. */
    public static final int DEFAULT_BLOCK_SIZE = 16 * 1024 * 1024;
    private static final System.Logger LOG = System.getLogger(FileStreamStore.class.getName());
    private static final byte[] NOTHING = new byte[0];

    private final Path directory;
    private final String name;
    private final int blockSize;
    final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    final BlockSet blocks;
    final SubjectIndex subjects;
    final RecordReader reader;
    final GroupCommit commit;
    private final BlockCompactor compactor;
    final Removal removal;
    private final StoreQueries queries;
    private long nextBlockId;
    long lastSequence;
    long lastTimestamp;
    long firstSequence;
    long messages;
    long bytes;
    private ByteBuffer writeBuffer = ByteBuffer.allocate(4096);
    volatile boolean closed;
    /** True when this open used the index of a clean close (for tests). */
    final boolean openedFromIndex;

    private FileStreamStore(Path directory, String name, Duration syncInterval, int blockSize, Recovery recovery) {
        this.directory = directory;
        this.name = name;
        this.blockSize = blockSize;
        this.blocks = recovery.blocks;
        this.subjects = recovery.subjects;
        this.reader = new RecordReader(name, recovery.corrupted);
        this.lastSequence = recovery.lastSequence;
        this.lastTimestamp = recovery.lastTimestamp;
        this.nextBlockId = recovery.nextBlockId;
        this.openedFromIndex = recovery.fromIndex;
        this.commit = new GroupCommit(name, directory, syncInterval);
        this.compactor = new BlockCompactor(this);
        this.removal = new Removal(this, subjects);
        this.queries = new StoreQueries(this, subjects);
        for (BlockFile block : blocks.all()) {
            messages += block.liveCount();
            bytes += block.liveBytes();
        }
        long first = blocks.nextLive(1, lastSequence, null);
        firstSequence = first < 0 ? lastSequence + 1 : first;
    }

    /**
     * Opens (creating when absent) the store kept in {@code directory}.
     *
     * @param name the stream as log lines and errors name it ({@code account > stream})
     * @param syncInterval zero to sync before reporting durable; otherwise the timer period
     * @param blockSize the size at which a new block file is started
     */
    public static FileStreamStore open(Path directory, String name, Duration syncInterval, int blockSize) {
        try {
            Files.createDirectories(directory);
            if (!Files.isWritable(directory)) {
                throw new StoreException(StoreException.Reason.IO, "stream " + name + ": store directory "
                    + directory + " is not writable", null);
            }
            Recovery recovery = new Recovery(directory, name);
            recovery.run();
            FileStreamStore store = new FileStreamStore(directory, name, syncInterval, blockSize, recovery);
            if (store.blocks.isEmpty()) {
                store.newBlock();
            }
            store.commit.start();
            return store;
        } catch (IOException e) {
            throw StoreFailures.of(e, "stream " + name + ": cannot open the store in " + directory);
        }
    }

    String name() {
        return name;
    }

    Path directory() {
        return directory;
    }

    int blockSize() {
        return blockSize;
    }

    BlockCompactor compactor() {
        return compactor;
    }

    @Override
    public long append(String subject, byte[] headers, byte[] payload, long timestampNanos, DurableListener listener) {
        byte[] headerBytes = headers == null ? NOTHING : headers;
        long sequence;
        lock.writeLock().lock();
        try {
            ensureOpen();
            SubjectIndex.Entry entry = subjects.appendEntry(subject);
            sequence = lastSequence + 1;
            BlockFile block;
            int length;
            int offset;
            try {
                byte[] subjectBytes = subjects.appendSubjectBytes();
                if (subjectBytes.length > 0xFFFF) {
                    throw new StoreException(StoreException.Reason.IO, "stream " + name + ": subject too long", null);
                }
                writeBuffer = RecordCodec.encode(writeBuffer, RecordCodec.LIVE, sequence, timestampNanos,
                    subjectBytes, headerBytes, payload);
                length = writeBuffer.remaining();
                block = blocks.last();
                if (block.count() > 0 && block.size() + length > blockSize) {
                    block = roll();
                }
                offset = block.append(writeBuffer);
            } catch (IOException e) {
                subjects.dropIfEmpty(entry);
                throw StoreFailures.of(e, "stream " + name + ": cannot write message " + sequence + " in " + directory);
            } catch (RuntimeException e) {
                // A subject created for this append must not stay behind without a message.
                subjects.dropIfEmpty(entry);
                throw e;
            }
            block.addSlot(offset, entry.id, length);
            subjects.added(entry.id, sequence);
            if (messages == 0) {
                firstSequence = sequence;
            }
            messages++;
            bytes += length;
            lastSequence = sequence;
            lastTimestamp = timestampNanos;
            commit.appended(block, sequence, listener);
        } finally {
            lock.writeLock().unlock();
        }
        if (listener != null && commit.timed()) {
            listener.done(sequence, null);
        }
        return sequence;
    }

    /**
     * A restore moves the end past messages removed before the snapshot, keeping the time of
     * the last one as nats-server's state does; the skip's marker record carries it.
     */
    void restoreEnd(long lastUsed, long lastTimestampNanos) {
        lock.writeLock().lock();
        try {
            lastTimestamp = lastTimestampNanos;
        } finally {
            lock.writeLock().unlock();
        }
        skipTo(lastUsed + 1);
    }

    @Override
    public void appendsIdle() {
        if (!closed) {
            commit.syncIfIdle();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreException(StoreException.Reason.IO, "stream " + name + ": store is closed", null);
        }
    }

    /** Starts a new block after the last one; the caller holds the write lock. */
    BlockFile roll() throws StoreException {
        BlockFile full = blocks.last();
        full.trim();
        try {
            full.releaseSpare();
            commit.changed(full, false);
        } catch (IOException e) {
            // Only zeros stay after its last record, which recovery cuts.
            LOG.log(System.Logger.Level.WARNING, "stream " + name + ": cannot cut " + full.path(), e);
        }
        return newBlock();
    }

    /** Creates the next block file, opening it with a marker of the last sequence so the file alone says where it starts. */
    BlockFile newBlock() {
        BlockFile block = null;
        try {
            block = BlockFile.open(directory, nextBlockId++, lastSequence + 1, 1024);
            writeMarker(block, lastSequence);
            blocks.add(block);
            commit.changed(block, true);
            return block;
        } catch (IOException e) {
            if (block != null) {
                try {
                    block.delete();
                } catch (IOException ignored) {
                    // The failure below says what matters; an empty file is cleaned up on open.
                }
            }
            throw StoreFailures.of(e, "stream " + name + ": cannot create a block file in " + directory);
        }
    }

    /** Records in {@code block} that every sequence up to {@code lastUsed} is used. */
    void writeMarker(BlockFile block, long lastUsed) throws IOException {
        // Not writeBuffer: a roll writes its marker while the append that caused it holds its record there.
        block.append(RecordCodec.encode(ByteBuffer.allocate(RecordCodec.MIN_RECORD), RecordCodec.MARKER, lastUsed,
            lastTimestamp, NOTHING, NOTHING, NOTHING));
        block.skipTo(lastUsed);
    }

    @Override
    public void skipTo(long nextSequence) {
        lock.writeLock().lock();
        try {
            ensureOpen();
            if (nextSequence < lastSequence + 1) {
                throw new IllegalArgumentException("stream " + name + ": cannot skip back to " + nextSequence
                    + " (next is " + (lastSequence + 1) + ")");
            }
            if (nextSequence == lastSequence + 1) {
                return;
            }
            removal.skipTo(nextSequence);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public StoredMessage load(long sequence) {
        return queries.load(sequence);
    }

    @Override
    public StoredMessage loadNext(String filter, long fromSequence) {
        return queries.loadNext(filter, fromSequence);
    }

    @Override
    public void forEachWithHeaders(long fromSequence, HeaderVisitor visitor) {
        lock.readLock().lock();
        try {
            new HeaderScan(this).run(fromSequence, visitor);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public StoredMessage loadLast(String filter) {
        return queries.loadLast(filter);
    }

    @Override
    public long countMatching(String filter, long fromSequence) {
        return queries.countMatching(filter, fromSequence);
    }

    @Override
    public Map<String, Long> subjectCounts(String filter) {
        return queries.subjectCounts(filter);
    }

    @Override
    public boolean remove(long sequence, boolean erase) {
        lock.writeLock().lock();
        try {
            ensureOpen();
            return removal.remove(sequence, erase);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public long purge(String filter, long beforeSequence, long keep) {
        lock.writeLock().lock();
        try {
            ensureOpen();
            return removal.purge(filter, beforeSequence, keep);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public long compact(long sequence) {
        lock.writeLock().lock();
        try {
            ensureOpen();
            return removal.compact(sequence);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Forgets the corruption reports of sequences below {@code sequence} (purged or compacted away). */
    void forgetCorruptedBelow(long sequence) {
        reader.forgetBelow(sequence);
    }

    @Override
    public StreamState state() {
        return queries.state();
    }

    @Override
    public void snapshot(OutputStream out) throws IOException {
        StoreSnapshot.write(this, out);
    }

    /** Makes everything written so far durable, waiting for it (restore, tests). */
    void sync() {
        commit.syncNow();
    }

    @Override
    public void close() {
        StoreClose.close(this);
    }

    @Override
    public void delete() {
        StoreClose.delete(this);
    }

    /** @return {@code {forces, messages acknowledged by them}} since open */
    long[] syncStatistics() {
        return commit.statistics();
    }

    /** @return the ids of the block files, oldest first (for tests) */
    List<Long> blockIds() {
        lock.readLock().lock();
        try {
            List<Long> ids = new ArrayList<>();
            blocks.all().forEach(block -> ids.add(block.id()));
            return ids;
        } finally {
            lock.readLock().unlock();
        }
    }
}
