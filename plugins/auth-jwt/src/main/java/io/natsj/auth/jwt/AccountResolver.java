package io.natsj.auth.jwt;

import java.util.List;
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

    /**
     * Whether this resolver keeps every update it is sent (nats-server's
     * {@code IsTrackingUpdate}): the directory resolvers do, and then also answer
     * {@code $SYS.REQ.CLAIMS.UPDATE}, {@code LOOKUP}, {@code LIST} and {@code DELETE}; the
     * others only update accounts already in use.
     *
     * @return true for the directory resolvers
     */
    default boolean tracksUpdates() {
        return false;
    }

    /** @return the accounts this resolver holds, for {@code $SYS.REQ.CLAIMS.LIST} */
    default List<String> list() {
        return List.of();
    }

    /**
     * @param account an account public key
     * @return true when the account was held and is now deleted
     */
    default boolean delete(String account) {
        return false;
    }

    /** @return true when {@code allow_delete} permits {@link #delete} */
    default boolean allowsDelete() {
        return false;
    }
}
