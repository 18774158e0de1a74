package io.natsj.store.file;

import io.natsj.spi.subject.SubjectMatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Removing messages from a file store: one record is marked deleted in place (one byte, or
 * its whole body zeroed for an erase); a block left with no message is deleted; a block left
 * mostly empty is handed to the {@link BlockCompactor}, which rewrites it away from the
 * append path. Purging everything starts a fresh block whose marker keeps the last sequence.
 *
 * <p>Every method runs under the store's write lock.
 */
final class Removal {

    /** Gaps up to this many sequences are skipped inside the current block; longer ones start a new block. */
    private static final long INLINE_GAP = 1024;

    private final FileStreamStore store;
    private final SubjectIndex subjects;

    Removal(FileStreamStore store, SubjectIndex subjects) {
        this.store = store;
        this.subjects = subjects;
    }

    boolean remove(long sequence, boolean erase) {
        BlockFile block = store.blocks.find(sequence);
        if (block == null || block.offset(sequence) < 0) {
            return false;
        }
        removeRecord(block, sequence, erase);
        afterRemoval(block);
        advanceFirst();
        return true;
    }

    private void removeRecord(BlockFile block, long sequence, boolean erase) {
        int offset = block.offset(sequence);
        try {
            byte[] head = block.read(offset, 4);
            int length = RecordCodec.length(ByteBuffer.wrap(head).getInt(0));
            ByteBuffer mark = erase ? RecordCodec.erasure(sequence, length)
                : ByteBuffer.wrap(new byte[] {RecordCodec.DELETED});
            block.overwrite(offset + RecordCodec.STATE_OFFSET, mark);
            block.markDeleted(sequence, length);
            subjects.removed(block.subject(sequence), sequence);
            store.messages--;
            store.bytes -= length;
            store.commit.changed(block, false);
        } catch (IOException e) {
            throw StoreFailures.of(e, "stream " + store.name() + ": cannot remove message " + sequence + " in "
                + block.path());
        }
    }

    /** Deletes a block no longer written to when it holds nothing, or schedules its rewrite when it is mostly empty. */
    private void afterRemoval(BlockFile block) {
        if (block == store.blocks.last() || block.removed()) {
            return;
        }
        if (block.liveCount() == 0) {
            dropBlock(block);
        } else if (block.liveBytes() * 2 < block.size()) {
            store.compactor().schedule(block);
        }
    }

    /** Removes a whole block and every message it holds, without touching its records. */
    private long dropBlock(BlockFile block) {
        long removed = block.liveCount();
        for (long s = block.base(); s <= block.lastSequence(); s++) {
            if (block.offset(s) >= 0) {
                subjects.removed(block.subject(s), s);
            }
        }
        store.messages -= removed;
        store.bytes -= block.liveBytes();
        store.blocks.remove(block);
        try {
            block.delete();
        } catch (IOException e) {
            throw StoreFailures.of(e, "stream " + store.name() + ": cannot delete " + block.path());
        }
        store.commit.directoryChanged();
        return removed;
    }

    private void advanceFirst() {
        if (store.messages == 0) {
            store.firstSequence = store.lastSequence + 1;
            return;
        }
        long next = store.blocks.nextLive(store.firstSequence, store.lastSequence, null);
        store.firstSequence = next < 0 ? store.lastSequence + 1 : next;
    }

    long purge(String filter, long beforeSequence, long keep) {
        if (SubjectMatch.matchesAll(filter) && beforeSequence <= 0 && keep <= 0) {
            long removed = store.messages;
            reset();
            store.forgetCorruptedBelow(store.lastSequence + 1);
            return removed;
        }
        long limit = beforeSequence > 0 ? beforeSequence : store.lastSequence + 1;
        StoreQueries.Scope scope = StoreQueries.scope(subjects, filter, store.firstSequence, store.lastSequence);
        if (scope == null) {
            return 0;
        }
        long from = scope.from();
        long to = scope.to();
        boolean[] match = scope.match();
        if (keep > 0) {
            long s = store.blocks.previousLive(to, from, match);
            for (long kept = 1; s >= 0 && kept < keep; kept++) {
                s = store.blocks.previousLive(s - 1, from, match);
            }
            if (s < 0) {
                return 0;
            }
            limit = Math.min(limit, s);
        }
        long end = Math.min(to, limit - 1);
        long removed = 0;
        for (BlockFile block : new ArrayList<>(store.blocks.all())) {
            if (block.base() > end || block.lastSequence() < from) {
                continue;
            }
            if (match == null && block.lastSequence() <= end && block != store.blocks.last()) {
                removed += dropBlock(block);
                continue;
            }
            long blockEnd = Math.min(end, block.lastSequence());
            for (long s = Math.max(from, block.base()); s <= blockEnd; s++) {
                if (block.offset(s) >= 0 && (match == null || matches(match, block.subject(s)))) {
                    removeRecord(block, s, false);
                    removed++;
                }
            }
            afterRemoval(block);
        }
        if (match == null) {
            store.forgetCorruptedBelow(limit);
        }
        if (store.messages == 0) {
            reset();
        }
        advanceFirst();
        return removed;
    }

    private static boolean matches(boolean[] match, int id) {
        return id >= 0 && id < match.length && match[id];
    }

    long compact(long sequence) {
        if (sequence > store.lastSequence + 1) {
            long removed = store.messages;
            store.lastSequence = sequence - 1;
            reset();
            store.forgetCorruptedBelow(sequence);
            return removed;
        }
        if (sequence <= store.firstSequence) {
            return 0;
        }
        return purge(null, sequence, 0);
    }

    void skipTo(long nextSequence) {
        long lastUsed = nextSequence - 1;
        if (store.messages == 0) {
            store.lastSequence = lastUsed;
            reset();
            return;
        }
        BlockFile block = store.blocks.last();
        try {
            if (lastUsed - block.lastSequence() <= INLINE_GAP) {
                store.writeMarker(block, lastUsed);
                store.commit.changed(block, false);
                store.lastSequence = lastUsed;
            } else {
                store.lastSequence = lastUsed;
                store.roll();
            }
        } catch (IOException e) {
            throw StoreFailures.of(e, "stream " + store.name() + ": cannot skip to " + nextSequence + " in "
                + store.directory());
        }
    }

    /**
     * Replaces every block by one fresh block holding only a marker of the last sequence. The
     * fresh block is synced before the old ones go, so a crash in between still knows the last
     * sequence.
     */
    private void reset() {
        List<BlockFile> old = new ArrayList<>(store.blocks.all());
        BlockFile fresh = store.newBlock();
        try {
            fresh.force();
            BlockFile.forceDirectory(store.directory());
        } catch (IOException e) {
            throw StoreFailures.of(e, "stream " + store.name() + ": cannot sync " + fresh.path());
        }
        for (BlockFile block : old) {
            dropBlock(block);
        }
        store.messages = 0;
        store.bytes = 0;
        store.firstSequence = store.lastSequence + 1;
    }
}
