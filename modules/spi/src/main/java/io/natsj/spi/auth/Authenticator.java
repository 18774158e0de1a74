package io.natsj.spi.auth;

/**
 * Checks the credentials of one connection. Called off the I/O threads' hot path, once per
 * CONNECT; may block briefly (a bcrypt comparison) but not on the network.
 */
@FunctionalInterface
public interface Authenticator {

    /**
     * @param request the connection and its credentials
     * @return accepted, rejected, or not applicable to these credentials
     */
    AuthResult authenticate(AuthRequest request);
}
