/**
 * JetStream's {@code file} storage.
 *
 * <p>{@link io.natsj.store.file.FileStoreProvider} opens a
 * {@link io.natsj.store.file.FileStreamStore} per stream. Its directory holds block files
 * ({@code 00000000000000000001.blk}, …), each an append-only run of records laid out by
 * {@code RecordCodec} (every record checksummed with CRC32C and exactly as long as nats-server
 * accounts the message), and, after a clean close only, {@code index.dat}.
 *
 * <p>Durability: an append writes its record into the page cache and returns; the store's sync
 * thread ({@code GroupCommit}) forces every block written meanwhile with one
 * {@code fdatasync} and then tells the durability listeners in sequence order. When the
 * appending thread goes idle with only a few listeners waiting
 * ({@link io.natsj.spi.store.StreamStore#appendsIdle()}) it runs that round itself. Block files
 * grow ahead of their data in 1 MiB sparse steps, so such a force has no file size to record;
 * the zeros after the last record are cut on roll, close and recovery. With a sync
 * interval the listeners are told at once and the force runs on a timer.
 *
 * <p>Memory: a message costs two ints of heap (its record's offset and its subject's id);
 * subjects are kept once each in {@code SubjectIndex} with their counts.
 *
 * <p>Damage: on open without the index of a clean close, a partial record at the end of the
 * last block is cut off; a record whose checksum, framing or state byte is wrong is logged with
 * its sequence, counted as deleted and listed in
 * {@link io.natsj.spi.store.StreamState#corrupted()} with its bytes
 * ({@link io.natsj.spi.store.StreamState#corruptedBytes()}); {@code load} of it throws
 * {@code CORRUPT}, {@code loadNext}/{@code loadLast} pass over it. A broken length is told from
 * a torn tail by an intact record after it. Damage found later, on a read (the index of a clean
 * close does not re-check records), is logged, listed and passed over the same way, but stays
 * counted in the messages and bytes held until an open reads the blocks: the engine keeps its
 * own counts of what the store holds, which a store must not change behind its back.
 */
package io.natsj.store.file;
