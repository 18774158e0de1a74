/**
 * Client connections: the Netty handler that decodes the client protocol, the per-connection
 * state, the outbound buffer every publisher writes into, and the routing of one published
 * message to its subscribers.
 */
package io.natsj.kernel.client;
