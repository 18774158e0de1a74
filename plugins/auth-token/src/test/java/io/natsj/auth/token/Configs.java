package io.natsj.auth.token;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.natsj.config.ConfigLoader;
import io.natsj.spi.auth.AuthResult;
import io.natsj.spi.auth.Authenticator;
import io.natsj.spi.auth.AuthenticatorRequest;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;

/** Loads configurations as the kernel would and creates the token plugin's authenticator. */
final class Configs {

    private Configs() {
    }

    /** @return the whole configuration in a test resource, read by natsj's nats-conf loader */
    static Config resource(String name) {
        try {
            return ConfigLoader.load(Path.of(Configs.class.getResource("/" + name).toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return configuration text in nats-server syntax */
    static Config text(String natsConf) {
        return ConfigLoader.parseString(natsConf);
    }

    /** @return the authenticator for the {@code authorization} and {@code accounts} sections */
    static Optional<Authenticator> create(Config whole) {
        return create(section(whole, "authorization"), section(whole, "accounts"));
    }

    static Optional<Authenticator> create(Config authorization, Config accounts) {
        return new TokenAuthenticatorProvider().create(new AuthenticatorRequest() {
            @Override
            public Config config() {
                return authorization;
            }

            @Override
            public Config accounts() {
                return accounts;
            }
        });
    }

    static Authenticator authenticator(Config whole) {
        return create(whole).orElseThrow();
    }

    static Config section(Config whole, String key) {
        return whole.root().containsKey(key) ? whole.getConfig(key) : ConfigFactory.empty();
    }

    static AuthResult.Accepted accepted(AuthResult result) {
        if (result instanceof AuthResult.Accepted a) {
            return a;
        }
        throw new AssertionError("expected Accepted, got " + result);
    }
}
