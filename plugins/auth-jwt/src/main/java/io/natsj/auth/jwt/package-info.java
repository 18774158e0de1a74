/**
 * Operator mode: users present a user JWT (and sign the INFO nonce with its key), the JWT is
 * issued by an account whose JWT the resolver holds, and the account JWT is issued by a trusted
 * operator.
 *
 * <p>{@link io.natsj.auth.jwt.JwtAuthenticatorProvider} is the service provider. Decoding and
 * signature checks are in {@code JwtDecoder}; the claims of each kind are records read from the
 * decoded JSON ({@code OperatorClaims}, {@code AccountClaims}, {@code UserClaims} with their
 * {@code UserLimits}); {@code UserVerifier} checks a CONNECT in nats-server's order.
 */
package io.natsj.auth.jwt;
