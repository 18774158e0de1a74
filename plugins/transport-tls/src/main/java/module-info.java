/**
 * TLS for natsj listeners.
 */
module io.natsj.transport.tls {
    requires io.natsj.spi;
}
