/**
 * The plain TCP transport: opens listeners for clients and for other servers.
 */
module io.natsj.transport.tcp {
    requires io.natsj.spi;

    provides io.natsj.spi.transport.TransportProvider
        with io.natsj.transport.tcp.TcpTransportProvider;
}
