/**
 * Auth callout (ADR-26) against natsj only: nats-server 2.9.10 has no auth callout (it came
 * in 2.10), so these tests check natsj against the protocol with a callout service written
 * in the test with jnats.
 */
package io.natsj.tests.callout;
