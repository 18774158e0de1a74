package io.natsj.topology.gateways;

import io.natsj.spi.topology.InterestListener;
import io.natsj.spi.topology.MessageView;
import io.natsj.spi.topology.PeerLink;
import io.natsj.spi.topology.PeerSession;
import io.natsj.spi.topology.QueueNames;
import io.natsj.spi.topology.wire.LineQueue;
import io.natsj.spi.topology.wire.WireFrames;
import io.natsj.spi.topology.wire.WireTrace;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kernel's way out over one gateway connection. On an outbound connection the kernel writes
 * messages as RMSG/HMSG frames ({@link PeerLink}); on an inbound one this side tells the other
 * cluster its interest ({@link InterestListener}) as nats-server 2.9's interest-only mode does:
 * an account's first RS+ is preceded by an INFO that starts the account's switch, and once
 * everything of the account was sent, an INFO completes it; a queue group is announced once
 * (weight 1) when the cluster gains it and withdrawn when the cluster loses it.
 *
 * <p>Lines go through one queue the connection's event loop drains, so they leave in the order
 * of the kernel's interest lock, as on a route.
 */
final class GatewayLink implements PeerLink, InterestListener {

    private final GatewayConnection connection;
    private final Channel channel;
    private final LineQueue lines;
    private final Set<String> startedAccounts = ConcurrentHashMap.newKeySet();
    private final Set<String> completedAccounts = ConcurrentHashMap.newKeySet();
    private final Set<String> queueGroups = ConcurrentHashMap.newKeySet();
    private final List<String> dumpedAccounts = new ArrayList<>();
    private volatile boolean headers;
    // Written under the kernel's outbound lock, read by /gatewayz without it.
    private long outMsgs;
    private long outBytes;

    private static final System.Logger LOG = System.getLogger("io.natsj.topology.gateways");

    GatewayLink(GatewayConnection connection, Channel channel) {
        this.connection = connection;
        this.channel = channel;
        this.lines = new LineQueue(channel, connection::isClosing);
    }

    /** @param both true when both sides take headers: HMSG, else headers are stripped */
    void headers(boolean both) {
        headers = both;
    }

    @Override
    public Channel channel() {
        return channel;
    }

    @Override
    public int frameSize(byte[] account, MessageView message, QueueNames queues) {
        return WireFrames.messageSize(headers, account, message, queues);
    }

    @Override
    public void writeFrame(ByteBuf out, byte[] account, MessageView message, QueueNames queues) {
        int at = out.writerIndex();
        WireFrames.writeMessage(out, headers, account, message, queues);
        if (connection.tracing()) {
            WireTrace.outMessage(LOG, connection.label(), out, at);
        }
        outMsgs++;
        outBytes += message.bodyLength();
    }

    @Override
    public void interest(String account, String subject, String queue, int weight) {
        if (queue != null && !queueGroups.add(account + " " + subject + " " + queue)) {
            return; // the other cluster knows the group already: weights do not cross gateways
        }
        start(account);
        queue(WireFrames.interest(channel.alloc(), account, subject, queue, 1));
        completeUnlessDumping(account);
    }

    @Override
    public void noInterest(String account, String subject, String queue) {
        if (queue != null && !queueGroups.remove(account + " " + subject + " " + queue)) {
            return;
        }
        queue(WireFrames.noInterest(channel.alloc(), account, subject, queue));
    }

    /**
     * Sends the cluster's whole interest, each account switched to interest-only, then each change.
     *
     * @param session the inbound connection's kernel session
     */
    void sendInterest(PeerSession session) {
        lines.holdWhile(() -> session.watchInterest(this));
        List<String> done;
        synchronized (dumpedAccounts) {
            done = List.copyOf(dumpedAccounts);
            dumpedAccounts.clear();
        }
        for (String account : done) {
            if (completedAccounts.add(account)) {
                queue(WireFrames.ascii(channel.alloc(),
                        GatewayJson.commandLine(connection.localName(), GatewayJson.CMD_ALL_SUBS_COMPLETE, account)));
            }
        }
        lines.drain();
    }

    /** @return the accounts switched to interest-only on the other side (/gatewayz inbound accounts) */
    List<String> switchedAccounts() {
        return List.copyOf(startedAccounts);
    }

    /** The first line of an account: the INFO that switches it to interest-only on the other side. */
    private void start(String account) {
        if (startedAccounts.add(account)) {
            queue(WireFrames.ascii(channel.alloc(),
                    GatewayJson.commandLine(connection.localName(), GatewayJson.CMD_ALL_SUBS_START, account)));
            if (lines.heldByCurrentThread()) {
                synchronized (dumpedAccounts) {
                    dumpedAccounts.add(account);
                }
            }
        }
    }

    /** An account that appears after the dump completes its switch at once. */
    private void completeUnlessDumping(String account) {
        if (!lines.heldByCurrentThread() && completedAccounts.add(account)) {
            queue(WireFrames.ascii(channel.alloc(),
                    GatewayJson.commandLine(connection.localName(), GatewayJson.CMD_ALL_SUBS_COMPLETE, account)));
        }
    }

    /** Sends a whole line now, in order with the interest lines. */
    void send(String line) {
        queue(WireFrames.ascii(channel.alloc(), line));
    }

    private void queue(ByteBuf line) {
        // As nats-server: neither INFO nor our CONNECT nor the interest sent at registration is traced.
        if (connection.tracing() && !lines.heldByCurrentThread() && !connection.isClosing()) {
            String text = line.toString(line.readerIndex(), line.readableBytes(), StandardCharsets.UTF_8);
            if (!text.startsWith("INFO ") && !text.startsWith("CONNECT ")) {
                WireTrace.out(LOG, connection.label(), text);
            }
        }
        lines.add(line);
    }

    /** The connection closed: lines still queued are dropped. */
    void discard() {
        lines.discard();
    }

    long outMsgs() {
        return outMsgs;
    }

    long outBytes() {
        return outBytes;
    }

    /** @return the queue groups and accounts announced, for /gatewayz */
    int announcedQueueGroups() {
        return queueGroups.size();
    }

    @Override
    public String label() {
        return connection.label();
    }
}
