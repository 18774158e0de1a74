/**
 * JetStream storage: a {@link io.natsj.spi.store.StreamStoreProvider} keeps the messages of
 * one stream (file or memory). The JetStream engine above it owns subjects, limits, headers
 * and consumers; a store appends, loads, counts and removes by sequence and subject, and says
 * when an appended message is durable. {@link io.natsj.spi.store.StreamStore} is the whole
 * contract a third-party backend implements.
 */
package io.natsj.spi.store;
