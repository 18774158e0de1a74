package io.natsj.store.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The end of a file store's life. A clean close stops block compaction, cuts the spare space
 * preallocated after the last block's data, runs the final group commit (which makes that cut
 * durable too), then writes the index file that lets the next open skip reading the blocks, and
 * closes the block files. Each step takes the store's write lock on its own, so that the final
 * sync runs without it. Deleting a store closes it and removes its directory.
 */
final class StoreClose {

    // Logged under the store's name, where these lines always were.
    private static final System.Logger LOG = System.getLogger(FileStreamStore.class.getName());

    private StoreClose() {
    }

    /** Closes {@code store} cleanly; a second call does nothing. */
    static void close(FileStreamStore store) {
        store.lock.writeLock().lock();
        try {
            if (store.closed) {
                return;
            }
            store.closed = true;
        } finally {
            store.lock.writeLock().unlock();
        }
        store.compactor().close();
        store.lock.writeLock().lock();
        try {
            // The index of a clean close holds every block's exact length; the final sync covers the cut.
            BlockFile last = store.blocks.isEmpty() ? null : store.blocks.last();
            if (last != null) {
                last.releaseSpare();
                store.commit.changed(last, false);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "stream " + store.name() + ": cannot cut the last block in "
                + store.directory(), e);
        } finally {
            store.lock.writeLock().unlock();
        }
        store.commit.close();
        store.lock.writeLock().lock();
        try {
            IndexFile.write(store.directory(), store.blocks, store.subjects, store.lastSequence, store.lastTimestamp,
                store.reader.damagedOnOpen());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "stream " + store.name() + ": could not write the index of "
                + store.directory() + "; the next open rebuilds it from the blocks", e);
        } finally {
            for (BlockFile block : store.blocks.all()) {
                try {
                    block.close();
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "stream " + store.name() + ": closing " + block.path(), e);
                }
            }
            store.lock.writeLock().unlock();
        }
    }

    /** Closes {@code store} and removes its directory with everything in it. */
    static void delete(FileStreamStore store) {
        close(store);
        try (Stream<Path> files = Files.walk(store.directory())) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw StoreFailures.of(e, "stream " + store.name() + ": cannot delete " + store.directory());
        }
    }
}
