package io.natsj.kernel.monitor;

import io.natsj.kernel.log.Log;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Answers one monitoring request: finds the endpoint by exact path (anything else is Go's
 * 404), turns a refused query into nats-server's 400 text, wraps JSON for JSONP when a
 * {@code callback} is given, and keeps the connection alive when the client asks.
 */
final class MonitorHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private final Map<String, MonitorEndpoint> endpoints;

    MonitorHttpHandler(Map<String, MonitorEndpoint> endpoints) {
        this.endpoints = endpoints;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        QueryParams query = new QueryParams(uri);
        MonitorEndpoint endpoint = endpoints.get(uri.path());
        MonitorResponse response;
        if (endpoint == null) {
            response = MonitorResponse.notFound();
        } else {
            try {
                response = endpoint.handle(query);
            } catch (BadRequestException e) {
                response = MonitorResponse.badRequest(e.getMessage());
            } catch (RuntimeException e) {
                Log.error("Monitoring request " + uri.path() + " failed: " + e);
                response = new MonitorResponse(HttpResponseStatus.INTERNAL_SERVER_ERROR, MonitorResponse.TEXT,
                        "500 Internal Server Error".getBytes(StandardCharsets.US_ASCII), false);
            }
        }
        String callback = query.get("callback");
        if (response.json() && !callback.isEmpty()) {
            response = jsonp(callback, response);
        }
        send(ctx, request, response, HttpUtil.isKeepAlive(request));
    }

    private static MonitorResponse jsonp(String callback, MonitorResponse json) {
        byte[] head = (callback + "(").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + json.body().length + 1];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(json.body(), 0, body, head.length, json.body().length);
        body[body.length - 1] = ')';
        return new MonitorResponse(json.status(), "application/javascript", body, false);
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest request, MonitorResponse r,
                             boolean keepAlive) {
        boolean head = HttpMethod.HEAD.equals(request.method());
        ByteBuf content = head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(r.body());
        FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), r.status(), content);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, r.contentType())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
        if (r.status().equals(HttpResponseStatus.NOT_FOUND)) {
            response.headers().set("X-Content-Type-Options", "nosniff");
        }
        if (keepAlive) {
            if (!request.protocolVersion().isKeepAliveDefault()) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            }
            ctx.writeAndFlush(response);
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A monitoring client that goes away mid-request is not worth more than a debug line.
        Log.debug("Monitoring connection error: " + cause);
        ctx.close();
    }
}
