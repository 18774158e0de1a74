package io.natsj.spi.auth;

import io.natsj.spi.ServerIdentity;
import io.natsj.spi.service.ServiceAccount;
import java.util.Optional;

/**
 * What a running server offers an authenticator through {@link Authenticator#start}.
 * Implemented by the kernel.
 */
public interface AuthenticatorContext {

    /** @return who this server is */
    ServerIdentity server();

    /**
     * @param name an account name
     * @return the account, through which the authenticator opens internal connections (to send
     *         requests to an auth callout service), or empty when there is none of that name
     */
    Optional<ServiceAccount> account(String name);

    /**
     * Signs with the server's own NKey, whose public key is {@link ServerIdentity#serverId()}
     * (nats-server signs its authorization requests so).
     *
     * @param data the bytes to sign
     * @return the Ed25519 signature (64 bytes)
     */
    byte[] signAsServer(byte[] data);

    /**
     * @return true in operator mode: an authenticator resolves accounts itself
     *         ({@link Authenticator#resolvesAccounts()}), so accounts are JWTs, not configured
     */
    boolean operatorMode();
}
