package io.natsj.store.file;

import io.natsj.spi.store.StoreException;
import io.natsj.spi.store.StoredMessage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Reads records back and keeps the list of damaged ones. Every record is checked (checksum,
 * framing, state, sequence) before it is decoded, so damage that appears while the store is
 * open (a flipped bit on disk) is caught on the read that meets it: that read throws
 * {@code CORRUPT}, the sequence is logged once and listed in the state from then on, with the
 * bytes its record takes.
 *
 * <p>Consumers read a stream in sequence order, so a read that starts where the previous one
 * ended reads ahead ({@link #READ_AHEAD} bytes, up to the block's end) into one of a few
 * {@link ReadAhead} windows, and the records after it come from memory instead of one
 * {@code pread} each. Records read from a window are checked like any other; a window is only
 * used while its block is unchanged ({@link BlockFile#version()}), so a removal mark, an
 * erasure or a rewrite is never hidden by it.
 */
final class RecordReader {

    private static final System.Logger LOG = System.getLogger(RecordReader.class.getName());
    /** Most records fit in one read of this size; longer ones take a second read. */
    private static final int FIRST_READ = 256;
    /** Bytes read at once by a read that follows the previous one. */
    static final int READ_AHEAD = 64 * 1024;
    /** Windows kept: several consumers at different places of one stream each keep theirs. */
    private static final int WINDOWS = 4;

    private final String storeName;
    /** Found by recovery (sequence → bytes); changed under the store's write lock. */
    private final TreeMap<Long, Long> damagedOnOpen;
    /** Found by reads (sequence → bytes), which run concurrently under the read lock. */
    private final ConcurrentSkipListMap<Long, Long> damagedSinceOpen = new ConcurrentSkipListMap<>();

    /**
     * Bytes {@code [start, start + bytes.length)} of a block as they were at its
     * {@code version}. Immutable: readers under the store's read lock share them.
     */
    private record ReadAhead(BlockFile block, long version, long start, byte[] bytes) {
        boolean covers(BlockFile b, long offset) {
            return block == b && version == b.version() && offset >= start && offset + 4 <= start + bytes.length;
        }
    }

    /** The read-ahead windows; a race between readers only costs a read from disk. */
    private final ReadAhead[] windows = new ReadAhead[WINDOWS];
    private int nextWindow;
    /** Where the last read ended (block and offset), to tell sequential reads from others. */
    private volatile BlockFile lastBlock;
    private volatile long lastEnd = -1;
    /** The subject of the last message decoded: a stream mostly holds few subjects. */
    private volatile Subject lastSubject;

    private record Subject(byte[] bytes, String text) {
    }

    RecordReader(String storeName, TreeMap<Long, Long> damagedOnOpen) {
        this.storeName = storeName;
        this.damagedOnOpen = damagedOnOpen;
    }

    /** @return the message {@code sequence}, live in {@code block}; the caller holds a lock */
    StoredMessage read(BlockFile block, long sequence) {
        int offset = block.offset(sequence);
        byte[] bytes = null;
        int at = 0;
        ReadAhead w = window(block, offset);
        if (w == null && lastBlock == block && lastEnd == offset) {
            w = readAhead(block, offset);
        }
        if (w != null) {
            at = (int) (offset - w.start());
            int length = RecordCodec.length(RecordCodec.lengthField(w.bytes(), at));
            if ((long) at + length <= w.bytes().length) {
                bytes = w.bytes();
            }
        }
        if (bytes == null) {
            bytes = readRecord(block, offset);
            at = 0;
        }
        int available = bytes.length - at;
        int length = available >= 4 ? RecordCodec.length(RecordCodec.lengthField(bytes, at)) : 0;
        if (available < RecordCodec.MIN_RECORD || !RecordCodec.intact(bytes, at, length)
            || RecordCodec.state(bytes, at) != RecordCodec.LIVE || RecordCodec.sequence(bytes, at) != sequence) {
            if (damagedSinceOpen.putIfAbsent(sequence, (long) slotLength(block, sequence)) == null) {
                LOG.log(System.Logger.Level.ERROR, "stream " + storeName + ": message " + sequence + " in "
                    + block.path() + " is damaged (checksum mismatch); it is not served");
            }
            throw corrupt(sequence);
        }
        lastBlock = block;
        lastEnd = (long) offset + length;
        return RecordCodec.decode(bytes, at, this::subject);
    }

    /** @return a window holding the start of the record at {@code offset}, or null */
    private ReadAhead window(BlockFile block, long offset) {
        for (ReadAhead w : windows) {
            if (w != null && w.covers(block, offset)) {
                return w;
            }
        }
        return null;
    }

    /** Reads ahead from {@code offset} to at most the block's end; null when that fails (the plain read reports it). */
    private ReadAhead readAhead(BlockFile block, int offset) {
        int length = (int) Math.min(READ_AHEAD, block.size() - offset);
        if (length < RecordCodec.MIN_RECORD) {
            return null;
        }
        try {
            byte[] bytes = block.read(offset, length);
            if (bytes.length < RecordCodec.MIN_RECORD) {
                return null;
            }
            ReadAhead w = new ReadAhead(block, block.version(), offset, bytes);
            synchronized (windows) {
                windows[nextWindow] = w;
                nextWindow = (nextWindow + 1) % WINDOWS;
            }
            return w;
        } catch (IOException e) {
            return null;
        }
    }

    private String subject(byte[] bytes, int at, int length) {
        Subject last = lastSubject;
        if (last != null && java.util.Arrays.equals(last.bytes(), 0, last.bytes().length, bytes, at, at + length)) {
            return last.text();
        }
        byte[] copy = java.util.Arrays.copyOfRange(bytes, at, at + length);
        last = new Subject(copy, new String(copy, java.nio.charset.StandardCharsets.UTF_8));
        lastSubject = last;
        return last.text();
    }

    /** Drops every read-ahead window (their blocks may be gone). */
    void dropWindows() {
        synchronized (windows) {
            java.util.Arrays.fill(windows, null);
        }
        lastBlock = null;
    }

    /**
     * @return the bytes the record of live {@code sequence} takes: up to the next record the block
     *         holds, or to its end (its own length field may be the damaged part)
     */
    private static int slotLength(BlockFile block, long sequence) {
        int offset = block.offset(sequence);
        for (long s = sequence + 1; s <= block.lastSequence(); s++) {
            int o = block.offset(s);
            if (o != BlockFile.NO_RECORD) {
                return (o >= 0 ? o : ~o) - offset;
            }
        }
        return (int) (block.size() - offset);
    }

    /** @return the bytes of the record at {@code offset} (possibly followed by more), or fewer than a record when cut */
    byte[] readRecord(BlockFile block, int offset) {
        try {
            byte[] record = block.read(offset, FIRST_READ);
            if (record.length >= 4) {
                int length = RecordCodec.length(ByteBuffer.wrap(record).getInt(0));
                if (length > record.length && length <= block.size() - offset) {
                    record = block.read(offset, length);
                }
            }
            return record;
        } catch (IOException e) {
            throw StoreFailures.of(e, "stream " + storeName + ": cannot read " + block.path());
        }
    }

    /** @return the failure of a read of a damaged message */
    StoreException corrupt(long sequence) {
        return new StoreException(StoreException.Reason.CORRUPT, "stream " + storeName + ": message " + sequence
            + " is damaged in storage", null);
    }

    /** @return true when {@code sequence} is known to be damaged */
    boolean knownDamaged(long sequence) {
        return damagedOnOpen.containsKey(sequence) || damagedSinceOpen.containsKey(sequence);
    }

    /** Forgets damage below {@code sequence} (purged or compacted away); under the write lock. */
    void forgetBelow(long sequence) {
        dropWindows();
        damagedOnOpen.headMap(sequence).clear();
        damagedSinceOpen.headMap(sequence).clear();
    }

    /** @return every damaged sequence known, ascending */
    List<Long> damaged() {
        TreeSet<Long> all = new TreeSet<>(damagedOnOpen.keySet());
        all.addAll(damagedSinceOpen.keySet());
        return List.copyOf(all);
    }

    /** @return the bytes the damaged sequences take, each counted once */
    long damagedBytes() {
        long total = 0;
        for (var e : damagedOnOpen.entrySet()) {
            total += e.getValue();
        }
        for (var e : damagedSinceOpen.entrySet()) {
            if (!damagedOnOpen.containsKey(e.getKey())) {
                total += e.getValue();
            }
        }
        return total;
    }

    /** @return the damage recovery found, which the index keeps (damage found by reads is found again) */
    NavigableMap<Long, Long> damagedOnOpen() {
        return damagedOnOpen;
    }
}
