package io.natsj.spi.auth;

import com.typesafe.config.Config;

/**
 * What an authenticator plugin is given when it is created. Implemented by the kernel.
 */
public interface AuthenticatorRequest {

    /**
     * The provider's own section, e.g. {@code authorization}. A provider whose
     * {@link io.natsj.spi.ConfiguredProvider#configKey()} holds a single value rather than a
     * block (JWT's {@code operator}), or which claims
     * {@link io.natsj.spi.ConfiguredProvider#otherKeys()}, gets each of those top-level keys
     * present in the configuration under its own name instead.
     *
     * @return the section
     */
    Config config();

    /** @return the {@code accounts} section (empty when absent), for users listed per account */
    Config accounts();
}
