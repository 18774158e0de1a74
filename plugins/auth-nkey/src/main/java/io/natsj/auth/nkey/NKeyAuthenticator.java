package io.natsj.auth.nkey;

import io.natsj.nkeys.NKey;
import io.natsj.nkeys.NKeyException;
import io.natsj.spi.auth.AuthRequest;
import io.natsj.spi.auth.AuthResult;
import io.natsj.spi.auth.Authenticator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a CONNECT's {@code nkey} and {@code sig}: the key must be a configured user and the
 * signature an Ed25519 signature, by that key, of the nonce the server sent in INFO.
 *
 * <p>CONNECTs without an {@code nkey} are not this authenticator's, except the
 * {@code no_auth_user} when it names an NKey user: nats-server lets that one in unsigned.
 */
final class NKeyAuthenticator implements Authenticator {

    private final Map<String, NKeyUser> users;

    /** @param users the configured NKey users */
    NKeyAuthenticator(List<NKeyUser> users) {
        Map<String, NKeyUser> byKey = new LinkedHashMap<>();
        users.forEach(u -> byKey.put(u.publicKey(), u));
        this.users = Map.copyOf(byKey);
    }

    @Override
    public AuthResult authenticate(AuthRequest request) {
        if (request.noAuthUser()) {
            return request.user().map(users::get)
                    .<AuthResult>map(NKeyAuthenticator::accept)
                    .orElseGet(AuthResult.NotApplicable::new);
        }
        Optional<String> nkey = request.nkey().filter(k -> !k.isEmpty());
        if (nkey.isEmpty()) {
            return new AuthResult.NotApplicable();
        }
        NKeyUser user = users.get(nkey.get());
        if (user == null) {
            return new AuthResult.Rejected("unknown nkey " + nkey.get());
        }
        Optional<String> signature = request.signature().filter(s -> !s.isEmpty());
        if (signature.isEmpty()) {
            return new AuthResult.Rejected("signature missing for nkey " + user.publicKey());
        }
        Optional<byte[]> nonce = request.nonce();
        if (nonce.isEmpty()) {
            return new AuthResult.Rejected("no nonce was sent to sign, for nkey " + user.publicKey());
        }
        try {
            byte[] sig = NKey.decodeSignature(signature.get());
            if (!NKey.verify(user.publicKey(), nonce.get(), sig)) {
                return new AuthResult.Rejected("signature not verified for nkey " + user.publicKey());
            }
        } catch (NKeyException invalid) {
            return new AuthResult.Rejected("signature not valid for nkey " + user.publicKey() + ": "
                    + invalid.getMessage());
        }
        return accept(user);
    }

    private static AuthResult accept(NKeyUser user) {
        return new AuthResult.Accepted(user.publicKey(), user.account(), user.permissions());
    }

    @Override
    public boolean needsNonce() {
        return true;
    }

    @Override
    public boolean knowsUser(String user) {
        return users.containsKey(user);
    }

    @Override
    public boolean listsUsers() {
        return !users.isEmpty();
    }

    @Override
    public String toString() {
        return "NKeyAuthenticator[" + users.size() + " users]";
    }
}
