package io.natsj.auth.token;

import io.natsj.spi.PluginException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * A configured password or token: plain text, or a bcrypt hash when it looks like one to
 * nats-server (it starts with {@code $2a$}, {@code $2b$}, {@code $2x$} or {@code $2y$} and a
 * two-digit cost).
 */
final class Secret {

    /** nats-server's test for "this is a bcrypt hash". */
    private static final Pattern BCRYPT_PREFIX = Pattern.compile("^\\$2[abxy]\\$\\d{2}\\$.*", Pattern.DOTALL);

    /** A hash BouncyCastle can check: version, cost 4 to 31, 22 characters of salt and 31 of hash. */
    private static final Pattern BCRYPT = Pattern.compile("^\\$2[aby]\\$(0[4-9]|[12]\\d|3[01])\\$[./A-Za-z0-9]{53}$");

    private final String configured;
    private final boolean bcrypt;

    private Secret(String configured, boolean bcrypt) {
        this.configured = configured;
        this.bcrypt = bcrypt;
    }

    /**
     * @param configured the value in the configuration
     * @param path its config path, for the error
     * @return the secret
     * @throws PluginException when it is shaped like a bcrypt hash but is not a usable one:
     *         nats-server would start and then refuse every login, which is worse
     */
    static Secret of(String configured, String path) {
        if (BCRYPT_PREFIX.matcher(configured).matches()) {
            if (!BCRYPT.matcher(configured).matches()) {
                throw new PluginException(path + ": not a valid bcrypt hash"
                        + " (expected $2a$, $2b$ or $2y$, a cost from 04 to 31 and 53 characters of salt and hash)");
            }
            return new Secret(configured, true);
        }
        return new Secret(configured, false);
    }

    /** @return true when the secret is stored as a bcrypt hash */
    boolean isBcrypt() {
        return bcrypt;
    }

    /**
     * @param presented what the client sent; null counts as empty, as in nats-server
     * @return true when it matches
     */
    boolean matches(String presented) {
        String candidate = presented == null ? "" : presented;
        if (bcrypt) {
            try {
                return OpenBSDBCrypt.checkPassword(configured, candidate.toCharArray());
            } catch (IllegalArgumentException | org.bouncycastle.crypto.DataLengthException refused) {
                // BouncyCastle refuses some inputs (too long for bcrypt); none of them can match.
                return false;
            }
        }
        // MessageDigest.isEqual takes the same time wherever the first difference is.
        return MessageDigest.isEqual(configured.getBytes(StandardCharsets.UTF_8),
                candidate.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return bcrypt ? "Secret[bcrypt]" : "Secret[plain]";
    }
}
