package io.natsj.kernel.monitor;

import io.natsj.kernel.client.ClientConnection;
import io.natsj.kernel.server.Server;
import io.natsj.kernel.server.ServerStats;

/**
 * Messages and bytes in and out, summed from connections' own counters (which the publish
 * path keeps per connection, never shared), for /varz, STATSZ and the account advisories.
 */
public final class MessageTotals {

    private long inMsgs;
    private long outMsgs;
    private long inBytes;
    private long outBytes;
    private int connections;

    /**
     * @param server the running server
     * @return the totals of closed connections plus those of the open ones
     */
    public static MessageTotals of(Server server) {
        MessageTotals t = new MessageTotals();
        ServerStats stats = server.stats();
        t.inMsgs = stats.closedInMsgs();
        t.outMsgs = stats.closedOutMsgs();
        t.inBytes = stats.closedInBytes();
        t.outBytes = stats.closedOutBytes();
        for (ClientConnection c : server.clients()) {
            t.add(c);
        }
        return t;
    }

    /** @param c a connection whose counters to add */
    public void add(ClientConnection c) {
        connections++;
        inMsgs += c.stats().inMsgs();
        outMsgs += c.stats().outMsgs();
        inBytes += c.stats().inBytes();
        outBytes += c.stats().outBytes();
    }

    /** @return messages received from clients */
    public long inMsgs() {
        return inMsgs;
    }

    /** @return messages sent to clients */
    public long outMsgs() {
        return outMsgs;
    }

    /** @return body bytes received */
    public long inBytes() {
        return inBytes;
    }

    /** @return body bytes sent */
    public long outBytes() {
        return outBytes;
    }

    /** @return how many open connections were added */
    public int connections() {
        return connections;
    }
}
