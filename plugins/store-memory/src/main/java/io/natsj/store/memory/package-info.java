/**
 * The memory stream store: {@link io.natsj.store.memory.MemoryStoreProvider} opens a
 * {@link io.natsj.store.memory.MemoryStreamStore} per stream, which keeps messages in a sorted
 * map with an index of sequences per subject, and counts bytes as nats-server's memory store
 * does. Nothing outlives the process, so appends are durable at once.
 */
package io.natsj.store.memory;
