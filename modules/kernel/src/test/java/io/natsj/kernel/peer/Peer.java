package io.natsj.kernel.peer;

import io.natsj.spi.topology.LocalServer;
import io.natsj.spi.topology.MessageView;
import io.natsj.spi.topology.PeerKind;
import io.natsj.spi.topology.PeerLink;
import io.natsj.spi.topology.PeerSession;
import io.natsj.spi.topology.QueueNames;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A fake peer server for kernel tests: a real socket whose far end the test reads. */
final class Peer implements PeerLink, AutoCloseable {
    final Channel channel;
    final Socket far;
    final BufferedReader in;
    final PeerSession session;

    Peer(LocalServer local, EventLoopGroup group, PeerKind kind) throws Exception {
        try (ServerSocket ss = new ServerSocket(0)) {
            channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .handler(new ChannelInboundHandlerAdapter()).connect("127.0.0.1", ss.getLocalPort()).sync().channel();
            far = ss.accept();
        }
        far.setSoTimeout(5000);
        in = new BufferedReader(new InputStreamReader(far.getInputStream(), StandardCharsets.UTF_8));
        session = local.openSession(this, kind);
    }

    String readLine() throws Exception {
        return in.readLine();
    }

    private static String frame(byte[] account, MessageView m, QueueNames queues) {
        StringBuilder q = new StringBuilder();
        for (int i = 0; i < queues.size(); i++) {
            q.append(i == 0 ? "" : ",").append(new String(queues.get(i), StandardCharsets.UTF_8));
        }
        String subject = m.buffer().toString(m.subjectOffset(), m.subjectLength(), StandardCharsets.UTF_8);
        String body = m.buffer().toString(m.bodyOffset(), m.bodyLength(), StandardCharsets.UTF_8);
        return "FWD " + new String(account, StandardCharsets.UTF_8) + " " + subject + " [" + q + "] " + body + "\n";
    }

    @Override
    public int frameSize(byte[] account, MessageView m, QueueNames queues) {
        return frame(account, m, queues).getBytes(StandardCharsets.UTF_8).length;
    }

    @Override
    public void writeFrame(ByteBuf out, byte[] account, MessageView m, QueueNames queues) {
        out.writeBytes(frame(account, m, queues).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String label() {
        return "fake-peer";
    }

    @Override
    public Channel channel() {
        return channel;
    }

    @Override
    public void close() throws Exception {
        session.close();
        channel.close().sync();
        far.close();
    }
}
