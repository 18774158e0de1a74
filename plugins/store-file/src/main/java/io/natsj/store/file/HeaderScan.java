package io.natsj.store.file;

import io.natsj.spi.store.StoreException;
import io.natsj.spi.store.StoredMessage;
import io.natsj.spi.store.StreamStore.HeaderVisitor;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Finds the messages that have headers from a sequence on, for the rebuild of the duplicate
 * window after a restart. A record's first word says whether it has headers, so blocks are
 * read in large windows and only records with headers are checked and decoded; a stream of a
 * million messages without headers is read once in big reads, not once per message. Runs
 * under the store's read lock.
 */
final class HeaderScan {

    /** Bytes read at a time; a longer record is read on its own. */
    private static final int WINDOW = 1 << 20;

    private final FileStreamStore store;
    private byte[] window;
    private BlockFile windowBlock;
    private long windowStart;
    private int windowLength;

    HeaderScan(FileStreamStore store) {
        this.store = store;
    }

    void run(long fromSequence, HeaderVisitor visitor) {
        long from = Math.max(fromSequence, 1);
        var all = store.blocks.all();
        for (int i = store.blocks.indexFrom(from); i < all.size(); i++) {
            BlockFile block = all.get(i);
            long last = block.lastSequence();
            for (long sequence = Math.max(from, block.base()); sequence <= last; sequence++) {
                int offset = block.offset(sequence);
                if (offset >= 0 && hasHeaders(block, offset)) {
                    StoredMessage m;
                    try {
                        m = store.reader.read(block, sequence);
                    } catch (StoreException e) {
                        if (e.reason() != StoreException.Reason.CORRUPT) {
                            throw e;
                        }
                        continue; // logged and listed by the reader; skipped as loadNext skips it
                    }
                    visitor.visit(m.sequence(), m.timestampNanos(), m.headers());
                }
            }
        }
    }

    /** @return true when the record at {@code offset} says it has headers */
    private boolean hasHeaders(BlockFile block, int offset) {
        if (block != windowBlock || offset < windowStart || offset + 4 > windowStart + windowLength) {
            fill(block, offset);
            if (windowLength < 4) {
                return false; // cut short: the checked read of loadNext would report it, not this scan
            }
        }
        int at = (int) (offset - windowStart);
        return (ByteBuffer.wrap(window).getInt(at) & RecordCodec.HEADERS_FLAG) != 0;
    }

    private void fill(BlockFile block, int offset) {
        int length = (int) Math.min(WINDOW, block.size() - offset);
        try {
            ByteBuffer b = ByteBuffer.wrap(window == null ? window = new byte[WINDOW] : window, 0, Math.max(length, 0));
            int read = 0;
            while (b.hasRemaining()) {
                int n = block.channel().read(b, offset + read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            windowBlock = block;
            windowStart = offset;
            windowLength = read;
        } catch (IOException e) {
            throw StoreFailures.of(e, "stream " + store.name() + ": cannot read " + block.path());
        }
    }
}
