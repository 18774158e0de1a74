/**
 * Configuration reading: {@link io.natsj.config.ConfigLoader} turns a nats-server format file
 * ({@link io.natsj.config.NatsConfParser}) or a HOCON file into one typesafe
 * {@code Config}; {@link io.natsj.config.ConfigValues} reads typed values from it in either style.
 */
package io.natsj.config;
