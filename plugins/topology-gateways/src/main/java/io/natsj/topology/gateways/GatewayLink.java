package io.natsj.topology.gateways;

import io.natsj.spi.topology.AccountRef;
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
import java.util.List;

/**
 * The kernel's way out over one gateway connection. On an outbound connection the kernel writes
 * messages as RMSG/HMSG frames ({@link PeerLink}), asking {@link OutboundInterest} first what an
 * optimistic peer refused; on an inbound one this side tells the other cluster its interest
 * ({@link InterestListener}) through {@link InboundInterest}: every account switched to
 * interest-only mode at registration, RS-/A- for messages of accounts that are not.
 *
 * <p>Lines go through one queue the connection's event loop drains, so they leave in the order
 * of the kernel's interest lock, as on a route.
 */
final class GatewayLink implements PeerLink, InterestListener {

    private final GatewayConnection connection;
    private final Channel channel;
    private final LineQueue lines;
    private final InboundInterest inbound;
    private volatile OutboundInterest outbound;
    private volatile boolean headers;
    // Written under the kernel's outbound lock, read by /gatewayz without it.
    private long outMsgs;
    private long outBytes;

    private static final System.Logger LOG = System.getLogger("io.natsj.topology.gateways");

    GatewayLink(GatewayConnection connection, Channel channel) {
        this.connection = connection;
        this.channel = channel;
        this.lines = new LineQueue(channel, connection::isClosing);
        this.inbound = new InboundInterest(new InboundInterest.Lines() {
            @Override
            public void send(String line, boolean trace) {
                queue(WireFrames.ascii(channel.alloc(), line), trace);
            }

            @Override
            public void startSwitch(String account) {
                queue(WireFrames.ascii(channel.alloc(), GatewayJson.commandLine(connection.localName(),
                        GatewayJson.CMD_ALL_SUBS_START, account)), false);
            }

            @Override
            public void completeSwitch(String account) {
                queue(WireFrames.ascii(channel.alloc(), GatewayJson.commandLine(connection.localName(),
                        GatewayJson.CMD_ALL_SUBS_COMPLETE, account)), false);
            }
        }, connection.systemAccount() != null);
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
    public boolean accepts(byte[] account, MessageView message, QueueNames queues) {
        OutboundInterest out = outbound;
        return out == null || out.accepts(account, message, queues);
    }

    /** @param out what the other cluster told this outbound connection it wants */
    void outbound(OutboundInterest out) {
        outbound = out;
    }

    @Override
    public void interest(String account, String subject, String queue, int weight) {
        inbound.interest(account, subject, queue);
    }

    @Override
    public void noInterest(String account, String subject, String queue) {
        inbound.noInterest(account, subject, queue);
    }

    @Override
    public void accountAdded(String account) {
        inbound.accountAdded(account);
    }

    /**
     * Sends the cluster's whole interest, each account switched to interest-only, then each change.
     *
     * @param session the inbound connection's kernel session
     * @param accountNames the server's accounts
     */
    void sendInterest(PeerSession session, List<String> accountNames) {
        session.watchInterest(this);
        inbound.register(accountNames, dump -> {
            lines.holdWhile(dump);
            if (channel.eventLoop().inEventLoop()) {
                lines.drain();
            }
        });
    }

    /**
     * @param account the account of a message no plain subscription here took, or null when
     *        this server has none of that name
     * @return true when an RS- or A- may be due (the account is not interest-only with
     *         subscriptions), so that the subject is worth reading
     */
    boolean answers(AccountRef account) {
        return account == null || inbound.answers(account.name());
    }

    /**
     * A message of the other cluster that no plain subscription here took: RS- or A- back.
     *
     * @param account its account, null when this server has none of that name
     * @param unknownName the name as sent, when {@code account} is null
     * @param subject its subject
     */
    void unwanted(String account, String unknownName, String subject) {
        inbound.unwanted(account, unknownName, subject);
    }

    /** @return what the other side was told per account: name to {mode, RS- count} (/gatewayz inbound) */
    java.util.Map<String, Object[]> inboundAccounts() {
        return inbound.report();
    }

    /** @return the outbound side's state, null before registration */
    OutboundInterest outboundInterest() {
        return outbound;
    }

    /** Sends a whole line now, in order with the interest lines. */
    void send(String line) {
        queue(WireFrames.ascii(channel.alloc(), line), false);
    }

    /** As nats-server: neither INFO nor our CONNECT nor the interest sent at a switch is traced. */
    private void queue(ByteBuf line, boolean trace) {
        if (trace && connection.tracing() && !connection.isClosing()) {
            WireTrace.out(LOG, connection.label(), line.toString(line.readerIndex(), line.readableBytes(),
                    StandardCharsets.UTF_8));
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

    /** @return the queue groups announced, for /gatewayz */
    int announcedQueueGroups() {
        return inbound.queueGroups();
    }

    @Override
    public String label() {
        return connection.label();
    }
}
