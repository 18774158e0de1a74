package io.natsj.spi.auth;

import com.typesafe.config.Config;

/**
 * What an authenticator plugin is given when it is created. Implemented by the kernel.
 */
public interface AuthenticatorRequest {

    /** @return the provider's own section, e.g. {@code authorization} */
    Config config();

    /** @return the {@code accounts} section (empty when absent), for users listed per account */
    Config accounts();
}
