/**
 * The {@link io.natsj.spi.store.StreamStore} contract, checked against every
 * {@link io.natsj.spi.store.StreamStoreProvider} on the class path.
 */
package io.natsj.tests.store;
