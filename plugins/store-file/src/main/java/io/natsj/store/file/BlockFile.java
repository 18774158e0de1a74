package io.natsj.store.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * One append-only block file and its in-memory index: for each sequence from {@link #base()}
 * on, the byte offset of its record and the id of its subject. Two ints per message is all the
 * heap a message costs.
 *
 * <p>An offset {@code >= 0} is a live record; {@code ~offset} (negative) a record marked
 * deleted; {@link #NO_RECORD} a sequence the block holds no record for (skipped, or lost).
 * Changed only under the store's write lock; read under its read lock.
 */
final class BlockFile {

    static final int NO_RECORD = Integer.MIN_VALUE;
    static final String SUFFIX = ".blk";

    private final long id;
    private final Path path;
    private volatile FileChannel channel;
    private long base;
    private int count;
    private int[] offsets;
    private int[] subjects;
    private long size;
    /** The file's length as last set by this block (data and preallocated zeros); 0 until the first append. */
    private long allocated;
    /** Appends extend the file ahead of the data in steps of this many bytes. */
    static final long PREALLOCATION = 1 << 20;
    private long liveCount;
    private long liveBytes;
    private volatile boolean removed;
    /** Changes whenever bytes already written change (removal marks, erasures, rewrites, cuts). */
    private long version;
    /** Set while the sync thread owes this block a force; guarded by the group commit's lock. */
    boolean syncPending;

    private BlockFile(long id, Path path, FileChannel channel, long base, int capacity) {
        this.id = id;
        this.path = path;
        this.channel = channel;
        this.base = base;
        this.offsets = new int[capacity];
        this.subjects = new int[capacity];
    }

    /** Opens (creating when absent) the block file {@code id} in {@code directory}. */
    static BlockFile open(Path directory, long id, long base, int capacity) throws IOException {
        Path path = directory.resolve(name(id));
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE);
        return new BlockFile(id, path, channel, base, capacity);
    }

    /** @return the file name of block {@code id}: sortable by name */
    static String name(long id) {
        return String.format("%020d%s", id, SUFFIX);
    }

    long id() {
        return id;
    }

    Path path() {
        return path;
    }

    FileChannel channel() {
        return channel;
    }

    /**
     * @return a number that changes whenever bytes already written change, so that copies of
     *         them (read-ahead windows) know they are stale; read under the store's lock
     */
    long version() {
        return version;
    }

    /** @return the sequence of the first slot */
    long base() {
        return base;
    }

    /** @return the last sequence the block accounts for ({@code base - 1} when it has no slot) */
    long lastSequence() {
        return base + count - 1;
    }

    int count() {
        return count;
    }

    long size() {
        return size;
    }

    long liveCount() {
        return liveCount;
    }

    long liveBytes() {
        return liveBytes;
    }

    boolean removed() {
        return removed;
    }

    /** @return true when {@code sequence} has a slot here */
    boolean holds(long sequence) {
        return sequence >= base && sequence < base + count;
    }

    /** @return the offset entry of {@code sequence}, which must be held */
    int offset(long sequence) {
        return offsets[(int) (sequence - base)];
    }

    /** @return the subject id of {@code sequence}, which must be held */
    int subject(long sequence) {
        return subjects[(int) (sequence - base)];
    }

    /** @return true when {@code sequence} is held and live */
    boolean live(long sequence) {
        return holds(sequence) && offsets[(int) (sequence - base)] >= 0;
    }

    /** Adds the next sequence's slot. */
    void addSlot(int offset, int subjectId, int bytes) {
        if (count == offsets.length) {
            int capacity = Math.max(16, count * 2);
            offsets = Arrays.copyOf(offsets, capacity);
            subjects = Arrays.copyOf(subjects, capacity);
        }
        offsets[count] = offset;
        subjects[count] = subjectId;
        count++;
        if (offset >= 0) {
            liveCount++;
            liveBytes += bytes;
        }
    }

    /** Accounts for every sequence up to {@code lastUsed} as used: slots without a record, or a later base. */
    void skipTo(long lastUsed) {
        if (count == 0) {
            base = Math.max(base, lastUsed + 1);
            return;
        }
        while (lastSequence() < lastUsed) {
            addSlot(NO_RECORD, -1, 0);
        }
    }

    /** Marks a live slot deleted in memory (the caller writes the state byte). */
    void markDeleted(long sequence, int bytes) {
        int slot = (int) (sequence - base);
        offsets[slot] = ~offsets[slot];
        liveCount--;
        liveBytes -= bytes;
    }

    /** Drops spare array capacity once the block is no longer written. */
    void trim() {
        offsets = Arrays.copyOf(offsets, count);
        subjects = Arrays.copyOf(subjects, count);
    }

    /** Writes {@code record} at the end of the file; on failure the file is cut back to where it was. */
    int append(ByteBuffer record) throws IOException {
        long at = size;
        int length = record.remaining();
        if (at + length > Integer.MAX_VALUE) {
            throw new IOException("block " + path + " is full");
        }
        try {
            if (at + length > allocated) {
                preallocate(at + length);
            }
            long position = at;
            while (record.hasRemaining()) {
                position += channel.write(record, position);
            }
        } catch (IOException e) {
            version++;
            try {
                channel.truncate(at);
                allocated = at;
            } catch (IOException ignored) {
                // Recovery cuts a partial record anyway, and the next append overwrites it.
            }
            throw e;
        }
        size = at + length;
        return (int) at;
    }

    /**
     * Makes the file at least {@code needed} bytes long, in steps of {@link #PREALLOCATION}
     * (sparse: one zero byte written at the new end). A write inside the file's length does
     * not change its size, so the fdatasync after it has no size to record: on ext4 that
     * measured ~105 µs instead of ~145 µs per sync of a small append. Recovery cuts the zeros
     * after the last record; a clean close and a roll cut them with {@link #releaseSpare}.
     */
    private void preallocate(long needed) throws IOException {
        long length = channel.size();
        if (length < needed) {
            length = (needed + PREALLOCATION - 1) / PREALLOCATION * PREALLOCATION;
            channel.write(ByteBuffer.wrap(new byte[1]), length - 1);
        }
        allocated = length;
    }

    /** Cuts the preallocated zeros after the last record (the block is no longer appended to, or closes). */
    void releaseSpare() throws IOException {
        if (allocated > size) {
            channel.truncate(size);
            allocated = size;
        }
    }

    /** Sets the end of the file after recovery or a rewrite. */
    void size(long newSize) {
        version++;
        size = newSize;
    }

    /** Reads {@code length} bytes at {@code offset}, or fewer at the end of the file. */
    byte[] read(long offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        FileChannel c = channel;
        while (buffer.hasRemaining()) {
            if (c.read(buffer, offset + buffer.position()) < 0) {
                return Arrays.copyOf(buffer.array(), buffer.position());
            }
        }
        return buffer.array();
    }

    /** Writes {@code bytes} at {@code offset} (a removal mark or an erasure). */
    void overwrite(long offset, ByteBuffer bytes) throws IOException {
        version++;
        long position = offset;
        while (bytes.hasRemaining()) {
            position += channel.write(bytes, position);
        }
    }

    /** Replaces the file with a rewritten one holding the same live slots at {@code newOffsets}. */
    void replaced(FileChannel newChannel, int[] newOffsets, long newSize) throws IOException {
        FileChannel old = channel;
        version++;
        channel = newChannel;
        offsets = newOffsets;
        size = newSize;
        old.close();
    }

    /** @return a copy of the offset entries, for a rewrite */
    int[] offsets() {
        return Arrays.copyOf(offsets, count);
    }

    /** @return the subject id entries (the array itself, read only) */
    int[] subjectIds() {
        return subjects;
    }

    /** Sets the in-memory index from a persisted one. */
    void restoreIndex(long newBase, int[] newOffsets, int[] newSubjects, long newSize, long newLiveCount,
                      long newLiveBytes) {
        version++;
        base = newBase;
        offsets = newOffsets;
        subjects = newSubjects;
        count = newOffsets.length;
        size = newSize;
        liveCount = newLiveCount;
        liveBytes = newLiveBytes;
    }

    /** Forces the block's data to disk; a block deleted or rewritten meanwhile needs nothing more. */
    void force() throws IOException {
        FileChannel c = channel;
        try {
            c.force(false);
        } catch (ClosedChannelException e) {
            // Deleted: its messages are gone. Replaced: the rewrite was forced before it took the file's place.
            if (!removed && c == channel) {
                throw e;
            }
        }
    }

    /** Makes the creation, renaming and deletion of files in {@code directory} durable. */
    static void forceDirectory(Path directory) throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    void close() throws IOException {
        channel.close();
    }

    /** Closes and deletes the file. */
    void delete() throws IOException {
        removed = true;
        channel.close();
        Files.deleteIfExists(path);
    }
}
