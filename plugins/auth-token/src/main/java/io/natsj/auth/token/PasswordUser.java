package io.natsj.auth.token;

import io.natsj.spi.auth.Permissions;
import java.util.Objects;

/**
 * One user who logs in with a name and a password.
 *
 * @param name the user name
 * @param password the configured password (empty when none: the client must send none either)
 * @param account the account the user belongs to, {@code $G} for users of {@code authorization}
 * @param permissions the user's own permissions, else the applicable default, else
 *        {@link Permissions#ALL}
 * @param path where the user was configured, for messages
 */
record PasswordUser(String name, Secret password, String account, Permissions permissions, String path) {

    /** The account of users configured outside {@code accounts}: nats-server's global account. */
    static final String GLOBAL_ACCOUNT = "$G";

    PasswordUser {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(permissions, "permissions");
    }
}
