/**
 * Reading the user entries of nats-server's {@code authorization} and {@code accounts}
 * sections, shared by every authentication plugin. Plugins may not depend on each other, yet
 * they must read one {@code users} list the same way: the token plugin takes its password
 * users from it, the NKey plugin its NKey users, later ones (JWT, auth callout) the rest.
 */
package io.natsj.spi.auth.config;
