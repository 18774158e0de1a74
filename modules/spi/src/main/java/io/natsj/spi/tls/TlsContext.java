package io.natsj.spi.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslHandler;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/**
 * A ready TLS configuration: makes one {@link SslHandler} per connection and answers the
 * questions the protocol needs answered (INFO fields, certificate-to-user mapping).
 */
public interface TlsContext {

    /**
     * @param alloc the connection's allocator
     * @return a new handler for one connection
     */
    SslHandler newHandler(ByteBufAllocator alloc);

    /** @return true when clients must present a certificate ({@code verify}) */
    boolean verifyClients();

    /** @return true when the handshake comes before the INFO line ({@code handshake_first}) */
    boolean handshakeFirst();

    /** @return the handshake timeout ({@code timeout}) */
    Duration handshakeTimeout();

    /**
     * Maps a verified client certificate to one of the configured users
     * ({@code verify_and_map}): the first of the certificate's names (e-mail, DNS and URI
     * alternative names, then the subject) that is a user.
     *
     * @param session the finished handshake
     * @param userNames the configured user names
     * @return the user, spelled as configured; empty when mapping is off or nothing matches
     */
    Optional<String> mappedUser(SSLSession session, java.util.Collection<String> userNames);

    /**
     * A handler for dialling out with the same block (a route, gateway or leaf-node URL):
     * the block's certificate is the client certificate, its CA the trust for the peer, and
     * the peer's certificate must name {@code host} unless the block says {@code insecure}.
     *
     * @param alloc the connection's allocator
     * @param host the host name or address dialled
     * @param port the port dialled
     * @return a new client-side handler for one connection
     */
    SslHandler newClientHandler(ByteBufAllocator alloc, String host, int port);
}
