package io.natsj.kernel.server;

import com.typesafe.config.Config;
import io.natsj.config.UsedVariables;
import io.natsj.spi.ConfiguredProvider;
import io.natsj.spi.PluginException;
import io.natsj.spi.auth.AuthenticatorProvider;
import io.natsj.spi.service.ServiceProvider;
import io.natsj.spi.tls.TlsProvider;
import io.natsj.spi.topology.TopologyProvider;
import io.natsj.spi.transport.TransportProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * The plugins found in this runtime image, by kind, and the check that every top-level key of
 * the configuration is served by the kernel or by one of them.
 */
public final class PluginRegistry {

    private final List<TransportProvider> transports;
    private final List<TlsProvider> tls;
    private final List<TopologyProvider> topologies;
    private final List<AuthenticatorProvider> authenticators;
    private final List<ServiceProvider> services;

    private PluginRegistry(List<TransportProvider> transports, List<TlsProvider> tls,
                           List<TopologyProvider> topologies, List<AuthenticatorProvider> authenticators,
                           List<ServiceProvider> services) {
        this.transports = transports;
        this.tls = tls;
        this.topologies = topologies;
        this.authenticators = authenticators;
        this.services = services;
    }

    /** @return the plugins visible to this module's service loader */
    public static PluginRegistry load() {
        return new PluginRegistry(
                load(TransportProvider.class), load(TlsProvider.class), load(TopologyProvider.class),
                load(AuthenticatorProvider.class), load(ServiceProvider.class));
    }

    private static <T> List<T> load(Class<T> type) {
        List<T> found = new ArrayList<>();
        loaderOf(type).forEach(found::add);
        return List.copyOf(found);
    }

    /**
     * The providers of a service. In a runtime image (the kernel in a named module) they are
     * looked up in the module layer only: the class-loader lookup also searches every module
     * for {@code META-INF/services} files of the class path, 6 ms of every start for nothing
     * there. On a class path (some tests) the class-loader lookup finds them.
     *
     * @param type the service
     * @return the loader
     */
    private static <T> ServiceLoader<T> loaderOf(Class<T> type) {
        Module m = PluginRegistry.class.getModule();
        return m.isNamed() && m.getLayer() != null ? ServiceLoader.load(m.getLayer(), type)
                : ServiceLoader.load(type, PluginRegistry.class.getClassLoader());
    }

    /**
     * @param name a transport's short name
     * @return the transport
     * @throws PluginException naming the missing plugin
     */
    public TransportProvider transport(String name) {
        return transports.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new PluginException("the '" + name + "' transport plugin (module io.natsj.transport."
                        + name + ") is not in this runtime image; rebuild the image with it"));
    }

    /** @return every transport plugin */
    public List<TransportProvider> transports() {
        return transports;
    }

    /** @return the topology plugins (routes, gateways, leaf nodes) */
    public List<TopologyProvider> topologies() {
        return topologies;
    }

    /** @return the service plugins (JetStream) */
    public List<ServiceProvider> services() {
        return services;
    }

    /** @return the keys of an account block that the service plugins read, lower case */
    public java.util.Set<String> serviceAccountKeys() {
        java.util.Set<String> keys = new java.util.HashSet<>();
        services.forEach(s -> s.accountKeys().forEach(k -> keys.add(k.toLowerCase(Locale.ROOT))));
        return keys;
    }

    /** @return the authentication plugins */
    public List<AuthenticatorProvider> authenticators() {
        return authenticators;
    }

    /**
     * @return the TLS plugin
     * @throws PluginException when it is not in this image
     */
    public TlsProvider tls() {
        return tls.stream().findFirst().orElseThrow(() -> new PluginException(
                "config key 'tls' needs the 'tls' plugin (module io.natsj.transport.tls), which is not in this runtime image"));
    }

    /** @return every plugin found, for the startup log */
    public List<ConfiguredProvider> all() {
        return Stream.of(transports, tls, topologies, authenticators, services)
                .flatMap(List::stream).map(ConfiguredProvider.class::cast).toList();
    }

    /**
     * Checks that every top-level key is read by the kernel or claimed by a plugin in this
     * image.
     *
     * @param config the whole configuration
     * @throws PluginException naming the first key nothing here serves, and why
     */
    public void checkKeys(Config config) {
        for (String key : config.root().keySet()) {
            String lower = key.toLowerCase(Locale.ROOT);
            if (ConfigKeys.KERNEL.contains(lower) || claimed(lower).isPresent()
                    || UsedVariables.isUsedVariable(config.root().get(key))) {
                continue;
            }
            String[] plugin = ConfigKeys.PLUGIN.get(lower);
            if (plugin != null) {
                if (ConfigKeys.SHIPPED_PLUGINS.contains(plugin[1])) {
                    throw new PluginException("config key '" + key + "' needs the '" + plugin[0] + "' plugin (module "
                            + plugin[1] + "), which is not in this runtime image");
                }
                throw new PluginException("config key '" + key + "' needs the '" + plugin[0] + "' plugin (module "
                        + plugin[1] + "), which natsj does not provide yet");
            }
            if (ConfigKeys.NOT_BUILT.contains(lower)) {
                throw new PluginException("config key '" + key + "' is not supported by natsj yet");
            }
            throw new PluginException("unknown field \"" + key + "\"");
        }
    }

    private Optional<ConfiguredProvider> claimed(String lowerKey) {
        return all().stream().filter(p -> p.configKey().equalsIgnoreCase(lowerKey)
                || p.otherKeys().contains(lowerKey)).findFirst();
    }
}
