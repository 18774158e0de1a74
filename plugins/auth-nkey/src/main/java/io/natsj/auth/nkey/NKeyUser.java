package io.natsj.auth.nkey;

import io.natsj.spi.auth.Permissions;
import java.util.Objects;

/**
 * One user identified by an NKey: it proves it holds the key by signing the INFO nonce.
 *
 * @param publicKey the user's public key ({@code U…})
 * @param account the account it belongs to, {@code $G} for users of {@code authorization}
 * @param permissions its own permissions, else the applicable default, else
 *        {@link Permissions#ALL}
 * @param path where it was configured, for messages
 */
record NKeyUser(String publicKey, String account, Permissions permissions, String path) {

    /** The account of users configured outside {@code accounts}: nats-server's global account. */
    static final String GLOBAL_ACCOUNT = "$G";

    NKeyUser {
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(permissions, "permissions");
    }
}
