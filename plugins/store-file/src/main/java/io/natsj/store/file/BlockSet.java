package io.natsj.store.file;

import java.util.ArrayList;
import java.util.List;

/**
 * The blocks of a store in sequence order, and the in-memory walks over their slots that
 * answer "next", "last" and "how many" without touching the disk. A subject match is given as
 * a table indexed by subject id ({@code null} for every subject).
 */
final class BlockSet {

    private final ArrayList<BlockFile> blocks = new ArrayList<>();

    List<BlockFile> all() {
        return blocks;
    }

    boolean isEmpty() {
        return blocks.isEmpty();
    }

    /** @return the block appends go to */
    BlockFile last() {
        return blocks.get(blocks.size() - 1);
    }

    void add(BlockFile block) {
        blocks.add(block);
    }

    void remove(BlockFile block) {
        blocks.remove(block);
    }

    void clear() {
        blocks.clear();
    }

    /** @return the index of the first block whose last sequence is at or after {@code sequence} */
    int indexFrom(long sequence) {
        int low = 0;
        int high = blocks.size() - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (blocks.get(mid).lastSequence() < sequence) {
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }

    /** @return the block holding a slot for {@code sequence}, or null */
    BlockFile find(long sequence) {
        int index = indexFrom(sequence);
        if (index < blocks.size() && blocks.get(index).holds(sequence)) {
            return blocks.get(index);
        }
        return null;
    }

    private static boolean matches(BlockFile block, long sequence, boolean[] match) {
        if (block.offset(sequence) < 0) {
            return false;
        }
        if (match == null) {
            return true;
        }
        int id = block.subject(sequence);
        return id >= 0 && id < match.length && match[id];
    }

    /** @return the first live sequence in {@code [from, to]} matching, or -1 */
    long nextLive(long from, long to, boolean[] match) {
        for (int i = indexFrom(from); i < blocks.size(); i++) {
            BlockFile block = blocks.get(i);
            if (block.base() > to) {
                break;
            }
            if (block.liveCount() == 0) {
                continue;
            }
            long end = Math.min(to, block.lastSequence());
            for (long s = Math.max(from, block.base()); s <= end; s++) {
                if (matches(block, s, match)) {
                    return s;
                }
            }
        }
        return -1;
    }

    /** @return the last live sequence in {@code [downTo, from]} matching, or -1 */
    long previousLive(long from, long downTo, boolean[] match) {
        for (int i = Math.min(indexFrom(from), blocks.size() - 1); i >= 0; i--) {
            BlockFile block = blocks.get(i);
            if (block.lastSequence() < downTo) {
                break;
            }
            if (block.liveCount() == 0) {
                continue;
            }
            long start = Math.max(downTo, block.base());
            for (long s = Math.min(from, block.lastSequence()); s >= start; s--) {
                if (matches(block, s, match)) {
                    return s;
                }
            }
        }
        return -1;
    }

    /** @return how many live sequences in {@code [from, to]} match */
    long countLive(long from, long to, boolean[] match) {
        long count = 0;
        for (int i = indexFrom(from); i < blocks.size(); i++) {
            BlockFile block = blocks.get(i);
            if (block.base() > to) {
                break;
            }
            if (match == null && from <= block.base() && to >= block.lastSequence()) {
                count += block.liveCount();
                continue;
            }
            long end = Math.min(to, block.lastSequence());
            for (long s = Math.max(from, block.base()); s <= end; s++) {
                if (matches(block, s, match)) {
                    count++;
                }
            }
        }
        return count;
    }

    /** @return the sequences in {@code [first, last]} without a live message, ascending */
    List<Long> gone(long first, long last) {
        List<Long> gone = new ArrayList<>();
        long s = first;
        for (int i = indexFrom(first); i < blocks.size() && s <= last; i++) {
            BlockFile block = blocks.get(i);
            while (s < block.base() && s <= last) {
                gone.add(s++);
            }
            long end = Math.min(last, block.lastSequence());
            for (; s <= end; s++) {
                if (block.offset(s) < 0) {
                    gone.add(s);
                }
            }
        }
        while (s <= last) {
            gone.add(s++);
        }
        return gone;
    }
}
