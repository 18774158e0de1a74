package io.natsj.jetstream;

import io.natsj.spi.service.Service;
import io.natsj.spi.service.ServiceProvider;
import io.natsj.spi.service.ServiceRequest;
import java.util.Set;

/** Starts JetStream when the configuration has a {@code jetstream} section (or {@code -js}). */
public final class JetStreamProvider implements ServiceProvider {

    /** Creates the provider (ServiceLoader). */
    public JetStreamProvider() {
    }

    @Override
    public String name() {
        return "jetstream";
    }

    @Override
    public String configKey() {
        return "jetstream";
    }

    @Override
    public Set<String> otherKeys() {
        return Set.of("store_dir");
    }

    @Override
    public Set<String> accountKeys() {
        return Set.of("jetstream");
    }

    @Override
    public Service start(ServiceRequest request) {
        return JetStreamService.start(request);
    }
}
