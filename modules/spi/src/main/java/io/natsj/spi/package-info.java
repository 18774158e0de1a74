/**
 * What every natsj plugin has in common: a {@link io.natsj.spi.ConfiguredProvider} names the
 * config key whose section it receives, and every SPI call takes one request object so that
 * the call can grow without new interface versions.
 */
package io.natsj.spi;
