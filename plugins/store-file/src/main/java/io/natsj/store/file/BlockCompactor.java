package io.natsj.store.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Rewrites blocks that are mostly deleted, on a virtual thread of its own so that publishers
 * never wait for it. A rewrite copies the live records into {@code <block>.tmp} taking the
 * read lock one record at a time, syncs the copy, and only then, under the write lock, carries
 * over the removals made meanwhile and renames the copy over the block. A crash at any point
 * leaves either the old block or the new one, both whole; an orphaned {@code .tmp} is deleted
 * on open.
 */
final class BlockCompactor {

    private static final System.Logger LOG = System.getLogger(BlockCompactor.class.getName());

    private final FileStreamStore store;
    private final ArrayDeque<BlockFile> queue = new ArrayDeque<>();
    private Thread worker;
    private boolean closed;
    private long rewrites;

    BlockCompactor(FileStreamStore store) {
        this.store = store;
    }

    /** Queues a block for rewriting, unless it is queued already. */
    synchronized void schedule(BlockFile block) {
        if (closed || queue.contains(block)) {
            return;
        }
        queue.add(block);
        if (worker == null) {
            worker = Thread.ofVirtual().name("natsj-store-compact-" + store.name()).start(this::drain);
        }
    }

    /** Stops after the rewrite under way, if any, and waits for it. */
    synchronized void close() {
        closed = true;
        queue.clear();
        while (worker != null) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** @return how many rewrites completed (for tests) */
    synchronized long rewrites() {
        return rewrites;
    }

    /** Waits until no rewrite is queued or running (for tests). */
    synchronized void awaitIdle() throws InterruptedException {
        while (worker != null) {
            wait();
        }
    }

    private void drain() {
        while (true) {
            BlockFile block;
            synchronized (this) {
                block = closed ? null : queue.poll();
                if (block == null) {
                    worker = null;
                    notifyAll();
                    return;
                }
            }
            try {
                if (rewrite(block)) {
                    synchronized (this) {
                        rewrites++;
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "stream " + store.name() + ": could not rewrite "
                    + block.path() + "; it stays as it is", e);
            }
        }
    }

    private boolean rewrite(BlockFile block) throws IOException {
        int[] offsets;
        long base;
        store.lock.readLock().lock();
        try {
            if (store.closed || block.removed() || block == store.blocks.last()) {
                return false;
            }
            offsets = block.offsets();
            base = block.base();
        } finally {
            store.lock.readLock().unlock();
        }
        Path tmp = block.path().resolveSibling(block.path().getFileName() + ".tmp");
        FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.READ, StandardOpenOption.WRITE);
        boolean done = false;
        try {
            long at = write(out, 0, RecordCodec.encode(ByteBuffer.allocate(64), RecordCodec.MARKER, base - 1, 0,
                new byte[0], new byte[0], new byte[0]));
            int[] newOffsets = new int[offsets.length];
            Arrays.fill(newOffsets, BlockFile.NO_RECORD);
            for (int i = 0; i < offsets.length; i++) {
                if (offsets[i] < 0) {
                    continue;
                }
                byte[] record;
                store.lock.readLock().lock();
                try {
                    if (store.closed || block.removed()) {
                        return false;
                    }
                    record = store.reader.readRecord(block, offsets[i]);
                } finally {
                    store.lock.readLock().unlock();
                }
                int length = record.length >= 4 ? RecordCodec.length(ByteBuffer.wrap(record).getInt(0)) : 0;
                if (record.length < RecordCodec.MIN_RECORD || !RecordCodec.intact(record, length)) {
                    return false; // a damaged record: leave the block for load to report it
                }
                newOffsets[i] = (int) at;
                at = write(out, at, ByteBuffer.wrap(record, 0, length));
            }
            out.force(false);
            store.lock.writeLock().lock();
            try {
                if (store.closed || block.removed()) {
                    return false;
                }
                int[] current = block.offsets();
                for (int i = 0; i < current.length; i++) {
                    if (newOffsets[i] >= 0 && current[i] < 0) {
                        byte[] head = new byte[4];
                        out.read(ByteBuffer.wrap(head), newOffsets[i]);
                        int length = RecordCodec.length(ByteBuffer.wrap(head).getInt());
                        write(out, newOffsets[i] + RecordCodec.STATE_OFFSET, RecordCodec.erasure(base + i, length));
                        newOffsets[i] = ~newOffsets[i];
                    }
                }
                out.force(false);
                Files.move(tmp, block.path(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                block.replaced(out, newOffsets, at);
                store.commit.directoryChanged();
                done = true;
                return true;
            } finally {
                store.lock.writeLock().unlock();
            }
        } finally {
            if (!done) {
                out.close();
                Files.deleteIfExists(tmp);
            }
        }
    }

    private static long write(FileChannel out, long at, ByteBuffer bytes) throws IOException {
        long position = at;
        while (bytes.hasRemaining()) {
            position += out.write(bytes, position);
        }
        return position;
    }
}
