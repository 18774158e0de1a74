/**
 * Auth callout as nats-server 2.10+ does it (ADR-26). For each CONNECT of a client not in
 * {@code auth_users}, {@link io.natsj.auth.callout.CalloutAuthenticator} publishes an
 * authorization request JWT signed by the server's NKey to {@code $SYS.REQ.USER.AUTH} in the
 * callout account and answers {@link io.natsj.spi.auth.AuthResult.Pending}; the service's
 * authorization response JWT ({@code AuthorizationResponse}) carries a user JWT whose account,
 * permissions and limits the client gets, or an error. {@code CompactJwt} encodes and checks
 * the JWTs; with {@code xkey} the request is sealed to the service's curve key with the
 * server's ({@link io.natsj.nkeys.XKey}, nkeys' format) and the response may be sealed back.
 */
package io.natsj.auth.callout;
