/**
 * WebSocket clients against natsj and nats-server 2.9.10: the HTTP upgrade and its refusals,
 * framing (masking, fragments, text frames, ping, close, per-message deflate), jnats over
 * {@code ws://}, and nats.ws in a headless Chromium.
 */
package io.natsj.tests.websocket;
