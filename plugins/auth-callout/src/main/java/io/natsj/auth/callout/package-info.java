/**
 * Auth callout as nats-server 2.10+ does it (ADR-26). For each CONNECT of a client not in
 * {@code auth_users}, {@link io.natsj.auth.callout.CalloutAuthenticator} publishes an
 * authorization request JWT signed by the server's NKey to {@code $SYS.REQ.USER.AUTH} in the
 * callout account and answers {@link io.natsj.spi.auth.AuthResult.Pending}; the service's
 * authorization response JWT ({@code AuthorizationResponse}) carries a user JWT whose account,
 * permissions and limits the client gets, or an error. {@code CompactJwt} encodes and checks
 * the JWTs.
 */
package io.natsj.auth.callout;
