/**
 * The natsj kernel: the client protocol, the subject index, accounts, configuration, logging,
 * monitoring and the loading of every plugin through {@link java.util.ServiceLoader}.
 */
module io.natsj.kernel {
    requires io.natsj.spi;
    requires io.natsj.config;
    requires io.natsj.nkeys;
    requires io.netty.codec.http;
    requires com.fasterxml.jackson.databind;
    requires jdk.unsupported;

    exports io.natsj.kernel;

    opens io.natsj.kernel.monitor to com.fasterxml.jackson.databind;
    opens io.natsj.kernel.system to com.fasterxml.jackson.databind;
    opens io.natsj.kernel.imports to com.fasterxml.jackson.databind;

    provides java.lang.System.LoggerFinder with io.natsj.kernel.log.NatsLoggerFinder;

    uses io.natsj.spi.transport.TransportProvider;
    uses io.natsj.spi.tls.TlsProvider;
    uses io.natsj.spi.topology.TopologyProvider;
    uses io.natsj.spi.auth.AuthenticatorProvider;
    uses io.natsj.spi.service.ServiceProvider;
}
