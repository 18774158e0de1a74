/**
 * Auth callout as nats-server 2.10+ does it (ADR-26). A {@link io.natsj.auth.callout.CalloutChannel}
 * publishes authorization request JWTs signed by the server's NKey to
 * {@code $SYS.REQ.USER.AUTH} in a callout account and answers
 * {@link io.natsj.spi.auth.AuthResult.Pending}; the service's authorization response JWT
 * carries a user JWT whose account, permissions and limits the client gets, or an error.
 * {@code CompactJwt} encodes and checks the JWTs; with an xkey the request is sealed to the
 * service's curve key with the server's ({@link io.natsj.nkeys.XKey}, nkeys' format) and the
 * response may be sealed back.
 *
 * <p>Config mode ({@code authorization { auth_callout }}): {@code CalloutAuthenticator} is asked
 * first and sends every client not in {@code auth_users}; {@code AuthorizationResponse} reads
 * the answer. Operator mode: {@code AccountCalloutAuthenticator} reviews the admissions the JWT
 * plugin makes into accounts whose JWT names {@code authorization.auth_users}
 * ({@link io.natsj.spi.auth.AccountCallout}); {@code AccountCalloutResponse} checks the answer
 * and hands its user JWT back to the JWT plugin through the SPI.
 */
package io.natsj.auth.callout;
