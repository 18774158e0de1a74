package io.natsj.topology.routes;

import io.natsj.spi.PluginException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
/**
 * The check an accepted route's CONNECT passes ({@code isRouterAuthorized} in nats-server):
 * with no cluster user everything is let in; otherwise the user must match exactly and the
 * password must match, plain or as a bcrypt hash.
 */
final class ClusterAuth {

    /** nats-server's test for "this is a bcrypt hash". */
    private static final Pattern BCRYPT_PREFIX = Pattern.compile("^\\$2[abxy]\\$\\d{2}\\$.*", Pattern.DOTALL);
    /** A hash BouncyCastle can check. */
    private static final Pattern BCRYPT = Pattern.compile("^\\$2[aby]\\$(0[4-9]|[12]\\d|3[01])\\$[./A-Za-z0-9]{53}$");

    private final String user;
    private final String password;

    /**
     * @param user the cluster user, or null for no authentication
     * @param password its password, plain or bcrypt
     */
    ClusterAuth(String user, String password) {
        this.user = user;
        this.password = password == null ? "" : password;
    }

    /** @return true when accepted routes must present credentials */
    boolean required() {
        return user != null;
    }

    /**
     * @param presentedUser the CONNECT's user, or null
     * @param presentedPassword the CONNECT's password, or null
     * @return true when the route may connect
     */
    boolean allows(String presentedUser, String presentedPassword) {
        if (user == null) {
            return true;
        }
        if (!user.equals(presentedUser)) {
            return false;
        }
        String candidate = presentedPassword == null ? "" : presentedPassword;
        if (BCRYPT_PREFIX.matcher(password).matches()) {
            try {
                return OpenBSDBCrypt.checkPassword(password, candidate.toCharArray());
            } catch (IllegalArgumentException | org.bouncycastle.crypto.DataLengthException refused) {
                return false;
            }
        }
        return MessageDigest.isEqual(password.getBytes(StandardCharsets.UTF_8),
                candidate.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Refuses a password shaped like a bcrypt hash that is not a usable one: nats-server would
     * start and then refuse every route, which is worse.
     *
     * @param configured the configured password
     * @param path its config path
     */
    static void checkSecret(String configured, String path) {
        if (BCRYPT_PREFIX.matcher(configured).matches() && !BCRYPT.matcher(configured).matches()) {
            throw new PluginException(path + ": not a valid bcrypt hash");
        }
    }
}
