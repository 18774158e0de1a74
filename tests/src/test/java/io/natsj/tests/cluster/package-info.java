/**
 * Clusters of separate server processes joined by routes: natsj with natsj, and natsj with
 * nats-server 2.9.10, driven by jnats clients and checked through /routez.
 */
package io.natsj.tests.cluster;
