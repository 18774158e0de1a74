/**
 * NKey authentication: users configured by their public NKey sign the INFO nonce with their
 * seed, and the server checks the Ed25519 signature.
 *
 * <p>{@link io.natsj.auth.nkey.NKeyAuthenticatorProvider} is the service provider; the users
 * reader and the authenticator are package-private. Entries of the users lists with a
 * {@code user} name are left to the token plugin.
 */
package io.natsj.auth.nkey;
