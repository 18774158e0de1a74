package io.natsj.spi.service;

import java.util.Set;

/**
 * A server-side service (JetStream; later MQTT's session store, mirrors): it runs inside the
 * server as internal clients of accounts, answering and publishing subjects like any client.
 * It is started before the client listener opens, when its section is in the configuration
 * and does not switch it off.
 */
public interface ServiceProvider extends io.natsj.spi.ConfiguredProvider {

    /**
     * @return keys the provider reads inside an account block ({@code accounts { A { jetstream:
     *         enabled } }}); the kernel accepts them there and hands them over through
     *         {@link ServiceAccount#setting}
     */
    default Set<String> accountKeys() {
        return Set.of();
    }

    /**
     * @param request the section, the server and its accounts
     * @return the running service
     * @throws io.natsj.spi.PluginException when the section is wrong or the service cannot start
     */
    Service start(ServiceRequest request);
}
