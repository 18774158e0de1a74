/**
 * TLS for natsj listeners and outgoing connections: nats-server {@code tls { }} blocks on the
 * JDK's TLS provider through Netty's SslHandler.
 */
module io.natsj.transport.tls {
    requires io.natsj.spi;

    provides io.natsj.spi.tls.TlsProvider
        with io.natsj.transport.tls.TlsContextProvider;
}
