/**
 * Token and user/password authentication, as nats-server's {@code authorization} section and
 * per-account {@code users} lists configure it.
 *
 * <p>{@link io.natsj.auth.token.TokenAuthenticatorProvider} is the service provider; the
 * section reader, the password check (constant-time, or bcrypt through BouncyCastle) and the
 * authenticators are package-private. NKey entries of the users lists are left to the NKey
 * plugin.
 */
package io.natsj.auth.token;
