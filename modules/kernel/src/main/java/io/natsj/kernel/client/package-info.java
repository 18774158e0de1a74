/**
 * Client connections: the Netty handler that decodes the client protocol, the per-connection
 * state ({@code ClientConnection} and its parts: CONNECT, subscriptions, output and closing,
 * counters), the outbound buffer every publisher writes into, and the routing of one published
 * message to its subscribers.
 */
package io.natsj.kernel.client;
