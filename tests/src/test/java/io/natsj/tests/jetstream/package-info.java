/**
 * JetStream behaviour through the JetStream API subjects ({@code $JS.API.>}), jnats's
 * JetStreamManagement and JetStream, direct get, publish acknowledgements, stream limits,
 * advisories, the monitor endpoints and restarts on the same store directory. Expectations are
 * nats-server 2.9.10's exact JSON and error codes; both targets run every test.
 */
package io.natsj.tests.jetstream;
