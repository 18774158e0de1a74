/**
 * The kernel's side of authentication and authorization: the CONNECT check against the
 * authentication plugins (with auth_timeout, no_auth_user and TLS-mapped users), and each
 * connection's publish and subscribe permissions.
 */
package io.natsj.kernel.auth;
