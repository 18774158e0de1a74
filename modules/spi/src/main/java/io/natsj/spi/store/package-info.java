/**
 * JetStream storage: a {@link io.natsj.spi.store.StreamStoreProvider} keeps the messages of
 * one stream (file or memory). The JetStream engine above it owns subjects, limits and
 * consumers; the store only appends, loads and removes by sequence.
 */
package io.natsj.spi.store;
