package io.natsj.transport.websocket;

import io.natsj.spi.transport.Transport;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The bound WebSocket listener: its address, its URLs for the ports file and its /varz
 * section. Closing it stops accepting; the clients it accepted are the kernel's to close.
 */
final class WebSocketTransport implements Transport {

    private final Channel serverChannel;
    private final InetSocketAddress boundAddress;
    private final WebSocketOptions options;
    private final boolean tls;
    private final AtomicBoolean closed = new AtomicBoolean();

    WebSocketTransport(Channel serverChannel, WebSocketOptions options, boolean tls) {
        this.serverChannel = serverChannel;
        this.boundAddress = (InetSocketAddress) serverChannel.localAddress();
        this.options = options;
        this.tls = tls;
    }

    @Override
    public InetSocketAddress boundAddress() {
        return boundAddress;
    }

    /** @return the section's advertise, or its host and the bound port, as nats-server's websocket connect URLs */
    @Override
    public List<String> connectUrls() {
        return io.natsj.spi.transport.ConnectUrls.of(options.advertise(), options.host(), boundAddress.getPort());
    }

    /** @return {@code ws://} (or {@code wss://}) URLs, every IPv4 interface for a wildcard host, as nats-server's ports file */
    @Override
    public List<String> listenUrls() {
        String scheme = tls ? "wss" : "ws";
        int port = boundAddress.getPort();
        String host = options.host();
        List<String> urls = new ArrayList<>();
        if (!host.equals("0.0.0.0") && !host.equals("::")) {
            urls.add(scheme + "://" + WebSocketTransportProvider.hostPort(host, port));
            return urls;
        }
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        urls.add(scheme + "://" + WebSocketTransportProvider.hostPort(a.getHostAddress(), port));
                    }
                }
            }
        } catch (SocketException e) {
            urls.add(scheme + "://127.0.0.1:" + port);
        }
        return urls;
    }

    /** nats-server's {@code WebsocketOptsVarz}: omitempty fields, the handshake timeout in nanoseconds. */
    @Override
    public Map<String, Object> varz() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("host", options.host());
        v.put("port", boundAddress.getPort());
        if (options.advertise() != null && !options.advertise().isEmpty()) {
            v.put("advertise", options.advertise());
        }
        if (!options.handshakeTimeout().isZero()) {
            v.put("handshake_timeout", options.handshakeTimeout().toNanos());
        }
        if (options.noTls()) {
            v.put("no_tls", true);
        }
        if (options.sameOrigin()) {
            v.put("same_origin", true);
        }
        if (!options.allowedOrigins().isEmpty()) {
            v.put("allowed_origins", options.allowedOrigins());
        }
        if (options.compression()) {
            v.put("compression", true);
        }
        return v;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ChannelFuture closing = serverChannel.close();
        if (!serverChannel.eventLoop().inEventLoop()) {
            closing.awaitUninterruptibly();
        }
    }

    @Override
    public String toString() {
        return "websocket listener on " + boundAddress;
    }
}
