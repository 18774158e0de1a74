/**
 * Byte-exact client-protocol tests over plain sockets. Each runs against the real nats-server (to
 * prove the expected bytes) and against natsj (the product check).
 */
package io.natsj.tests.raw;
