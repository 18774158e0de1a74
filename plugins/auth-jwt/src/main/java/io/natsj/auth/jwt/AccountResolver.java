package io.natsj.auth.jwt;

import java.util.Optional;

/**
 * Where account JWTs come from, by account public key (nats-server's {@code AccountResolver}).
 */
interface AccountResolver {

    /**
     * @param account an account public key
     * @return the account's JWT, or empty when the resolver has none
     */
    Optional<String> fetch(String account);

    /**
     * @param account an account public key
     * @param jwt its JWT, replacing any earlier one
     */
    void store(String account, String jwt);
}
