package io.natsj.kernel.monitor;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.util.Map;

/**
 * The pipeline of a monitoring connection: HTTP/1.1 codec, whole requests, then the
 * endpoint dispatcher.
 */
final class MonitorChannelInitializer extends ChannelInitializer<SocketChannel> {

    // Monitoring requests are GETs; a body larger than this is not a monitoring request.
    private static final int MAX_REQUEST_BYTES = 64 * 1024;

    private final Map<String, MonitorEndpoint> endpoints;

    MonitorChannelInitializer(Map<String, MonitorEndpoint> endpoints) {
        this.endpoints = endpoints;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.pipeline()
                .addLast("http", new HttpServerCodec())
                .addLast("aggregate", new HttpObjectAggregator(MAX_REQUEST_BYTES))
                .addLast("monitor", new MonitorHttpHandler(endpoints));
    }
}
