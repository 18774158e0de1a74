package io.natsj.spi.auth.config;

import io.natsj.spi.auth.Permissions;
import java.util.Objects;

/**
 * One entry of a nats-server {@code users} list: a password user ({@code user},
 * {@code password}) or an NKey user ({@code nkey}), never both.
 *
 * @param name the user name, or null for an NKey user
 * @param password the password as configured (plain or a bcrypt hash), null when none is
 *     given; null for an NKey user
 * @param nkey the user's public NKey ({@code U…}, not yet checked), or null for a password
 *     user
 * @param account the account the user belongs to, {@link ConfiguredUsers#GLOBAL_ACCOUNT} for
 *     users of {@code authorization}
 * @param permissions the entry's own permissions, else its list's default, else
 *     {@link Permissions#ALL}
 * @param path where the entry was configured ({@code accounts.A.users[1]}), for messages
 */
public record ConfiguredUser(String name, String password, String nkey, String account, Permissions permissions,
        String path) {

    /** Checks that the entry is one kind of user and names its account and permissions. */
    public ConfiguredUser {
        if ((name == null) == (nkey == null)) {
            throw new IllegalArgumentException(path + ": a user has either a name or an nkey");
        }
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(permissions, "permissions");
        Objects.requireNonNull(path, "path");
    }

    /** @return true for an NKey user, false for a password user */
    public boolean isNkey() {
        return nkey != null;
    }
}
