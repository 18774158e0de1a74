package io.natsj.kernel.client;

import io.natsj.spi.transport.ConnectionInitializer;

/**
 * Installs the client protocol on each connection a transport accepts for the client listener.
 */
public final class ClientChannelInitializer implements ConnectionInitializer {

    private final ClientServices services;

    /** @param services the server the connections belong to */
    public ClientChannelInitializer(ClientServices services) {
        this.services = services;
    }

    @Override
    public void initialize(ConnectionRequest request) {
        ClientConnection connection = new ClientConnection(services, request.channel(), request.wrapped(),
                request.forwardedFor(), request.transportName(), request.cookieJwt());
        request.channel().attr(CLOSE_REASON).set(connection::closeReason);
        request.channel().pipeline().addLast("nats-client", new ClientProtocolDecoder(connection));
        if (request.wrapped()) {
            // Called after the transport's own handshake: the channel is active already.
            connection.start();
        }
    }
}
