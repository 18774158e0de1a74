package io.natsj.transport.tls;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslHandler;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Contexts for dialling out (routes, gateways, leaf nodes): trust, host names, client certs. */
class ClientSideTest {

    private static EchoServer server;
    private static final EventLoopGroup GROUP = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

    @BeforeAll
    static void start() throws Exception {
        // A handshake-first server that wants a client certificate signed by ca.pem.
        server = new EchoServer(TestCerts.server(TestCerts.SERVER + ", verify: true, handshake_first: true"));
    }

    @AfterAll
    static void stop() {
        server.close();
        GROUP.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static NatsTlsContext client(String block) {
        return (NatsTlsContext) new TlsContextProvider().create(
                new TestCerts.Request(TestCerts.block(block), "cluster.tls", false));
    }

    /** @return whether the handshake with the server succeeded, presenting {@code host} */
    private static boolean handshake(NatsTlsContext tls, String host) throws Exception {
        return handshake(tls, host, false);
    }

    private static boolean handshake(NatsTlsContext tls, String host, boolean dialWithListenerBlock) throws Exception {
        SslHandler[] handler = new SslHandler[1];
        Channel channel = new Bootstrap().group(GROUP).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        handler[0] = dialWithListenerBlock ? tls.newClientHandler(ch.alloc(), host, server.port())
                                : host == null ? tls.newHandler(ch.alloc())
                                : tls.newHandler(ch.alloc(), host, server.port());
                        ch.pipeline().addLast(handler[0], new ChannelInboundHandlerAdapter() {
                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                // The handshake future carries the failure; no log noise.
                                ctx.close();
                            }
                        });
                    }
                })
                .connect("127.0.0.1", server.port()).sync().channel();
        try {
            return handler[0].handshakeFuture().await(5, TimeUnit.SECONDS)
                    && handler[0].handshakeFuture().isSuccess();
        } finally {
            channel.close().sync();
        }
    }

    private static final String WITH_CERT = "cert_file: @client-cert.pem, key_file: @client-key.pem, ca_file: @ca.pem";

    @Test
    void verifiesTheServerAndItsHostName() throws Exception {
        NatsTlsContext tls = client(WITH_CERT);
        assertTrue(handshake(tls, "localhost"));
        assertFalse(handshake(tls, "nats.example"), "the certificate does not name nats.example");
        assertTrue(handshake(tls, null), "no host given: chain checked, host name not");
    }

    @Test
    void insecureSkipsServerVerification() throws Exception {
        assertTrue(handshake(client("insecure: true, cert_file: @client-cert.pem, key_file: @client-key.pem"),
                "nats.example"));
    }

    @Test
    void untrustedServerIsRefused() throws Exception {
        assertFalse(handshake(client("cert_file: @client-cert.pem, key_file: @client-key.pem,"
                + " ca_file: @tlsauth/ca.pem"), "localhost"));
    }

    @Test
    void aListenersBlockDialsOutWithItsCertificateAsClientCertificate() throws Exception {
        // As a cluster's tls block serves both the route listener and the routes it dials.
        NatsTlsContext listener = (NatsTlsContext) new TlsContextProvider().create(
                new TestCerts.Request(TestCerts.block(WITH_CERT), "cluster.tls", true));
        assertTrue(handshake(listener, "localhost", true));
        assertFalse(handshake(listener, "nats.example", true), "the peer must be the host dialled");
    }
}
