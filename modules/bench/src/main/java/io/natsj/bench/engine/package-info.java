/**
 * Client engines: the two ways the bench talks to a server. {@link io.natsj.bench.engine.JnatsEngine}
 * shows what a Java application sees; {@link io.natsj.bench.engine.RawEngine} speaks the wire
 * protocol on Netty with large pipelined batches, so the client is not what limits the figures.
 * Both take their TLS settings from one {@link io.natsj.bench.engine.ClientTls}.
 */
package io.natsj.bench.engine;
