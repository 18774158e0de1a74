package io.natsj.kernel.monitor;

import io.natsj.kernel.account.Account;
import io.natsj.kernel.client.ClientConnection;
import io.natsj.kernel.client.ClientStats;
import io.natsj.kernel.protocol.ConnectOptions;
import io.natsj.kernel.subject.Subscription;
import io.netty.util.NetUtil;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What /connz shows of a connection after it closed, copied when it closes so that the
 * connection itself can be forgotten.
 *
 * @param cid the connection id
 * @param ip the peer address, "" when unknown
 * @param port the peer port, 0 when unknown
 * @param start when it was accepted
 * @param lastActivity when it last sent an operation
 * @param stop when it closed
 * @param reason why, in nats-server's words
 * @param rttNanos the last round trip measured
 * @param inMsgs messages received
 * @param outMsgs messages sent
 * @param inBytes body bytes received
 * @param outBytes body bytes sent
 * @param options its CONNECT options
 * @param account its account's name
 * @param subscriptions its subscriptions when it closed, as /connz details them
 */
record ClosedConnection(long cid, String ip, int port, Instant start, Instant lastActivity, Instant stop,
                        String reason, long rttNanos, long inMsgs, long outMsgs, long inBytes, long outBytes,
                        ConnectOptions options, String account, List<SubDetail> subscriptions) {

    /**
     * @param c a connection that has just closed
     * @return what /connz keeps of it
     */
    static ClosedConnection of(ClientConnection c) {
        InetSocketAddress remote = c.remoteAddress();
        boolean hasPeer = remote != null && remote.getPort() != 0;
        ClientStats stats = c.stats();
        Instant stop = stats.stopped() == null ? Instant.now() : stats.stopped();
        Instant last = stop.minusNanos(Math.max(0, System.nanoTime() - stats.lastActivityNanos()));
        if (last.isBefore(stats.started())) {
            last = stats.started();
        }
        Account acc = c.account();
        String account = acc == null ? Account.GLOBAL : acc.name();
        List<SubDetail> subs = new ArrayList<>();
        for (Subscription sub : c.subscriptionsAtClose()) {
            subs.add(SubDetail.of(sub, c.id(), account));
        }
        return new ClosedConnection(c.id(), hasPeer ? NetUtil.toAddressString(remote.getAddress()) : "",
                hasPeer ? remote.getPort() : 0, stats.started(), last, stop, c.closeReason(), stats.rttNanos(),
                stats.inMsgs(), stats.outMsgs(), stats.inBytes(), stats.outBytes(), c.options(), account, List.copyOf(subs));
    }
}
