/**
 * The JetStream engine. {@link io.natsj.jetstream.JetStreamProvider} starts a
 * {@code JetStreamService} that reads the {@code jetstream} section ({@code JetStreamSettings})
 * and gives each JetStream account an {@code AccountJetStream}: its streams ({@code Stream},
 * configured by {@code StreamConfig} and checked by {@code StreamConfigCheck}), its limits
 * ({@code AccountLimits}, per tier in {@code AccountTiers}, checked at create by
 * {@code StreamLimitsCheck}) and the {@code $JS.API} requests ({@code JetStreamApi} dispatching to
 * {@code StreamApi} and {@code MessageApi}, errors from {@code ApiError}). Messages to a
 * stream's subjects are appended on the stream's {@code SerialExecutor}, never on a network
 * loop, and acknowledged from the store's durability listener. Pull consumers
 * ({@code StreamConsumers} → {@code Consumer}, API in {@code ConsumerApi}) run on the same
 * executor as their stream: pull requests, deliveries, acks and retention removals.
 */
package io.natsj.jetstream;
