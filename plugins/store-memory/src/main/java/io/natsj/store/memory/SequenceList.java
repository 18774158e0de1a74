package io.natsj.store.memory;

import java.util.Arrays;

/**
 * The ascending sequences of one subject. Appends come in sequence order and limits remove from
 * the front, so both are O(1); a removal in the middle shifts the tail.
 */
final class SequenceList {

    private long[] seqs = new long[2];
    private int head;
    private int size;

    void add(long seq) {
        if (head + size == seqs.length) {
            if (head > seqs.length / 2) {
                System.arraycopy(seqs, head, seqs, 0, size);
                head = 0;
            } else {
                seqs = Arrays.copyOf(seqs, seqs.length * 2);
            }
        }
        seqs[head + size++] = seq;
    }

    boolean remove(long seq) {
        int i = Arrays.binarySearch(seqs, head, head + size, seq);
        if (i < 0) {
            return false;
        }
        if (i == head) {
            head++;
        } else {
            System.arraycopy(seqs, i + 1, seqs, i, head + size - i - 1);
        }
        size--;
        return true;
    }

    int size() {
        return size;
    }

    long first() {
        return seqs[head];
    }

    long last() {
        return seqs[head + size - 1];
    }

    long get(int index) {
        return seqs[head + index];
    }

    /** @return the index of the first sequence at or after {@code from}, {@code size()} when none */
    int ceilingIndex(long from) {
        int i = Arrays.binarySearch(seqs, head, head + size, from);
        return (i >= 0 ? i : -i - 1) - head;
    }
}
