package io.natsj.store.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Rebuilds a store's state from its directory on open: from the index a clean close left
 * (only when it matches the block files exactly), otherwise by reading every record of every
 * block. A partial record at the end of the last block (a write cut by a crash or power loss)
 * is cut off; a record whose checksum, length or state byte is wrong is logged with its
 * sequence, never served, and reported as corrupted with its bytes. A stretch whose framing is
 * broken (a flipped bit in a length) is told from a torn tail by what follows it: when an intact
 * record follows, the stretch is damage, the sequences before that record are lost and the
 * scan goes on from there; otherwise it is a torn tail (a write the crash cut, never
 * acknowledged) and is cut off.
 */
final class Recovery {

    private static final System.Logger LOG = System.getLogger(Recovery.class.getName());
    private static final int LOST_RANGE_REPORTED = 1_000_000;
    /** The longest run of sequences without a record inside a block (see {@code Removal}). */
    private static final long MAX_INLINE_GAP = 1024;

    private final Path directory;
    private final String storeName;
    final BlockSet blocks = new BlockSet();
    final SubjectIndex subjects = new SubjectIndex();
    /** Damaged sequence → the bytes of storage it took (a lost stretch's bytes go to its first sequence). */
    final TreeMap<Long, Long> corrupted = new TreeMap<>();
    long lastSequence;
    long lastTimestamp;
    long nextBlockId = 1;
    /** True when the state came from the index file rather than a scan (for tests). */
    boolean fromIndex;

    Recovery(Path directory, String storeName) {
        this.directory = directory;
        this.storeName = storeName;
    }

    /** Reads the directory. */
    void run() throws IOException {
        List<Long> ids = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (name.endsWith(".tmp")) {
                    Files.delete(file); // an unfinished rewrite; the block it was replacing is intact
                } else if (name.endsWith(BlockFile.SUFFIX)) {
                    ids.add(Long.parseLong(name.substring(0, name.length() - BlockFile.SUFFIX.length())));
                }
            }
        }
        ids.sort(null);
        fromIndex = IndexFile.read(directory, ids, this);
        if (!fromIndex) {
            for (BlockFile block : blocks.all()) {
                block.close();
            }
            blocks.clear();
            subjects.clear();
            corrupted.clear();
            lastTimestamp = 0;
            scan(ids);
        }
        if (!ids.isEmpty()) {
            nextBlockId = ids.get(ids.size() - 1) + 1;
        }
    }

    private void scan(List<Long> ids) throws IOException {
        long next = 1;
        long lostFrom = 0;
        long lostBytes = 0;
        for (int i = 0; i < ids.size(); i++) {
            BlockFile block = BlockFile.open(directory, ids.get(i), next, 16);
            blocks.add(block);
            long fileSize = block.channel().size();
            if (fileSize > Integer.MAX_VALUE) {
                throw new IOException(block.path() + " is larger than a block can be");
            }
            byte[] data = block.read(0, (int) fileSize);
            ByteBuffer view = ByteBuffer.wrap(data);
            int at = 0;
            while (at < data.length) {
                int length = framedLength(view, at);
                if (length < 0) {
                    if (onlyZeros(data, at)) {
                        break; // preallocated space, cut below
                    }
                    int resume = nextIntact(data, view, at + 1, next);
                    if (resume < 0) {
                        break;
                    }
                    LOG.log(System.Logger.Level.ERROR, "stream " + storeName + ": " + block.path()
                        + " is damaged from offset " + at + " to " + resume + "; the messages after " + (next - 1)
                        + " stored there are lost");
                    if (lostFrom == 0) {
                        lostFrom = next;
                    }
                    lostBytes += resume - at;
                    at = resume;
                    continue;
                }
                byte[] record = Arrays.copyOfRange(data, at, at + length);
                byte state = RecordCodec.state(record);
                long sequence = RecordCodec.sequence(record);
                if (lostFrom > 0 && sequence > next && sequence - next <= LOST_RANGE_REPORTED
                    && (state == RecordCodec.LIVE || state == RecordCodec.MARKER)) {
                    for (long s = next; s < sequence; s++) {
                        corrupted.put(s, s == next ? lostBytes : 0L);
                    }
                }
                lostFrom = 0;
                lostBytes = 0;
                if (state == RecordCodec.MARKER && RecordCodec.intact(record, length) && sequence >= next - 1) {
                    block.skipTo(sequence);
                    next = sequence + 1;
                    lastTimestamp = Math.max(lastTimestamp, RecordCodec.timestamp(record));
                } else if (state == RecordCodec.LIVE && RecordCodec.intact(record, length) && sequence >= next) {
                    block.skipTo(sequence - 1);
                    SubjectIndex.Entry entry = subjects.entryFor(RecordCodec.subject(record));
                    block.addSlot(at, entry.id, length);
                    subjects.added(entry.id, sequence);
                    next = sequence + 1;
                    lastTimestamp = RecordCodec.timestamp(record);
                } else if (state == RecordCodec.DELETED && sequence >= next) {
                    block.skipTo(sequence - 1);
                    block.addSlot(~at, -1, 0);
                    next = sequence + 1;
                } else {
                    long assumed = next;
                    LOG.log(System.Logger.Level.ERROR, "stream " + storeName + ": message " + assumed + " in "
                        + block.path() + " at offset " + at + " is damaged (checksum or state mismatch); it is not served");
                    corrupted.put(assumed, (long) length);
                    block.addSlot(~at, -1, 0);
                    next = assumed + 1;
                }
                at += length;
            }
            if (at < data.length && onlyZeros(data, at)) {
                // Preallocated space after the last record (a crash before the close cut it): nothing lost.
                block.channel().truncate(at);
                block.force();
            } else if (at < data.length) {
                boolean lastBlock = i == ids.size() - 1;
                if (lastBlock) {
                    LOG.log(System.Logger.Level.WARNING, "stream " + storeName + ": cut a partial record ("
                        + (data.length - at) + " bytes) at the end of " + block.path() + ", offset " + at);
                } else {
                    LOG.log(System.Logger.Level.ERROR, "stream " + storeName + ": " + block.path()
                        + " is damaged from offset " + at + "; the messages after " + (next - 1)
                        + " in it are lost");
                    if (lostFrom == 0) {
                        lostFrom = next;
                    }
                    lostBytes += data.length - at;
                }
                block.channel().truncate(at);
                block.force();
            }
            block.size(at);
            if (i < ids.size() - 1) {
                block.trim();
            }
        }
        lastSequence = next - 1;
    }

    /** @return the length of the record framed at {@code at} (lengths at both ends agree), or -1 */
    private static int framedLength(ByteBuffer view, int at) {
        int remaining = view.capacity() - at;
        int length = remaining < RecordCodec.MIN_RECORD ? -1 : RecordCodec.length(view.getInt(at));
        if (length < RecordCodec.MIN_RECORD || length > remaining || view.getInt(at + length - 4) != length) {
            return -1;
        }
        return length;
    }

    /**
     * @return the offset of the first intact record from {@code from} on that could follow
     *         sequence {@code next - 1}, or -1 when none does (the rest is a torn tail)
     */
    private static int nextIntact(byte[] data, ByteBuffer view, int from, long next) {
        for (int at = from; at + RecordCodec.MIN_RECORD <= data.length; at++) {
            int length = framedLength(view, at);
            if (length < 0) {
                continue;
            }
            byte[] record = Arrays.copyOfRange(data, at, at + length);
            byte state = RecordCodec.state(record);
            boolean known = state == RecordCodec.LIVE || state == RecordCodec.MARKER || state == RecordCodec.DELETED;
            long sequence = RecordCodec.sequence(record);
            // At most as many records as fit in the damaged bytes were lost, each after a gap of
            // skipped sequences at most: a record-shaped payload with a sequence far beyond is
            // not taken for the next record. (Too strict would be worse: a real record refused
            // here makes the rest of the block a torn tail.)
            long plausible = next + ((at - from + 1) / RecordCodec.MIN_RECORD + 1) * (MAX_INLINE_GAP + 1);
            if (known && sequence >= next - 1 && sequence <= plausible && RecordCodec.intact(record, length)) {
                return at;
            }
        }
        return -1;
    }

    private static boolean onlyZeros(byte[] data, int from) {
        for (int i = from; i < data.length; i++) {
            if (data[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
