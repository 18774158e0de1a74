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
 */
final class RecordReader {

    private static final System.Logger LOG = System.getLogger(RecordReader.class.getName());
    /** Most records fit in one read of this size; longer ones take a second read. */
    private static final int FIRST_READ = 256;

    private final String storeName;
    /** Found by recovery (sequence → bytes); changed under the store's write lock. */
    private final TreeMap<Long, Long> damagedOnOpen;
    /** Found by reads (sequence → bytes), which run concurrently under the read lock. */
    private final ConcurrentSkipListMap<Long, Long> damagedSinceOpen = new ConcurrentSkipListMap<>();

    RecordReader(String storeName, TreeMap<Long, Long> damagedOnOpen) {
        this.storeName = storeName;
        this.damagedOnOpen = damagedOnOpen;
    }

    /** @return the message {@code sequence}, live in {@code block}; the caller holds a lock */
    StoredMessage read(BlockFile block, long sequence) {
        byte[] record = readRecord(block, block.offset(sequence));
        int length = record.length >= 4 ? RecordCodec.length(ByteBuffer.wrap(record).getInt(0)) : 0;
        if (record.length < RecordCodec.MIN_RECORD || !RecordCodec.intact(record, length)
            || RecordCodec.state(record) != RecordCodec.LIVE || RecordCodec.sequence(record) != sequence) {
            if (damagedSinceOpen.putIfAbsent(sequence, (long) slotLength(block, sequence)) == null) {
                LOG.log(System.Logger.Level.ERROR, "stream " + storeName + ": message " + sequence + " in "
                    + block.path() + " is damaged (checksum mismatch); it is not served");
            }
            throw corrupt(sequence);
        }
        return RecordCodec.decode(record);
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
