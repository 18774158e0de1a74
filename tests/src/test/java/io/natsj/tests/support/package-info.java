/**
 * Test fixtures shared by the compatibility suite: the servers under test (natsj in-process and the
 * real Go nats-server as a child process) and a byte-exact raw protocol client.
 */
package io.natsj.tests.support;
