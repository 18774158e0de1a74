/**
 * The NATS client protocol's texts and JSON blocks: INFO, CONNECT and the exact {@code -ERR}
 * strings nats-server sends.
 */
package io.natsj.kernel.protocol;
