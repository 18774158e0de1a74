/**
 * The TLS plugin ({@code tls}): reads nats-server {@code tls { }} blocks, loads their PEM
 * certificates and keys, and makes Netty {@link io.netty.handler.ssl.SslHandler}s on the JDK's
 * TLS provider for the kernel to put in front of the protocol codec.
 *
 * <p>{@link io.natsj.transport.tls.TlsContextProvider} is the service provider;
 * {@link io.natsj.transport.tls.NatsTlsContext} the context it returns, and
 * {@link io.natsj.transport.tls.CertificateIdentity} the certificate-to-user mapping of
 * {@code verify_and_map}. The rest (block reader, PEM and DER decoding, name tables) is
 * package-private.
 */
package io.natsj.transport.tls;
