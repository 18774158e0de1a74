package io.natsj.spi.service;

import com.typesafe.config.Config;
import io.natsj.spi.ServerIdentity;
import java.util.List;

/**
 * What a service is given when it starts. Implemented by the kernel.
 */
public interface ServiceRequest {

    /**
     * @return the provider's own section; a scalar value ({@code jetstream: enabled},
     *         {@code -js}) arrives as {@code { enabled: <value> }}, and the top-level keys the
     *         provider claims with {@link io.natsj.spi.ConfiguredProvider#otherKeys()} (e.g.
     *         {@code store_dir}) are copied in when the section does not set them
     */
    Config config();

    /** @return who this server is */
    ServerIdentity server();

    /** @return every account, the global account ({@code $G}) and the system account included */
    List<ServiceAccount> accounts();

    /** @return the largest payload a client may publish here ({@code max_payload}) */
    int maxPayload();

    /**
     * @return true in operator mode, where accounts come from JWTs as their users connect
     *         ({@link Service#accountDefined}); nats-server then never treats {@code $G} as the
     *         only account (no JetStream for it)
     */
    default boolean operatorMode() {
        return false;
    }
}
