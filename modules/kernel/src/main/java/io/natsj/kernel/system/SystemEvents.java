package io.natsj.kernel.system;

import io.natsj.config.GoFormat;
import io.natsj.kernel.account.Account;
import io.natsj.kernel.client.ClientConnection;
import io.natsj.kernel.client.InternalClient;
import io.natsj.config.GoFormat;
import io.natsj.kernel.monitor.MessageTotals;
import io.natsj.kernel.monitor.MonitorJson;
import io.natsj.kernel.server.Server;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Publishes nats-server's connection advisories in the system account: for each client
 * admitted or closed, {@code $SYS.SERVER.ACCOUNT.<acc>.CONNS} and
 * {@code $SYS.ACCOUNT.<acc>.SERVER.CONNS} (the account's connection count), then
 * {@code $SYS.ACCOUNT.<acc>.CONNECT} or {@code …DISCONNECT}. Nothing is built when nobody in
 * the system account listens.
 */
final class SystemEvents {

    private final Server server;
    private final Account system;
    private final InternalClient client;
    private final SystemIdentity identity;

    SystemEvents(Server server, Account system, InternalClient client, SystemIdentity identity) {
        this.server = server;
        this.system = system;
        this.client = client;
        this.identity = identity;
    }

    void connected(ClientConnection c) {
        Account acc = c.account();
        accountConns(acc);
        String subject = "$SYS.ACCOUNT." + acc.name() + ".CONNECT";
        if (listened(subject)) {
            Instant now = Instant.now();
            var event = new EventJson.ConnectEvent(EventJson.CONNECT_TYPE, Nuid.next(), utc(now),
                    identity.next(), clientInfo(c, null));
            publish(subject, MonitorJson.compact(event));
        }
    }

    void disconnected(ClientConnection c, String reason) {
        Account acc = c.account();
        accountConns(acc);
        String subject = "$SYS.ACCOUNT." + acc.name() + ".DISCONNECT";
        if (listened(subject)) {
            Instant now = Instant.now();
            var event = new EventJson.DisconnectEvent(EventJson.DISCONNECT_TYPE, Nuid.next(), utc(now),
                    identity.next(), clientInfo(c, now),
                    new EventJson.DataStats(c.stats().outMsgs(), c.stats().outBytes()),
                    new EventJson.DataStats(c.stats().inMsgs(), c.stats().inBytes()), reason);
            publish(subject, MonitorJson.compact(event));
        }
    }

    private void accountConns(Account acc) {
        String old = "$SYS.SERVER.ACCOUNT." + acc.name() + ".CONNS";
        String current = "$SYS.ACCOUNT." + acc.name() + ".SERVER.CONNS";
        boolean toOld = listened(old);
        boolean toCurrent = listened(current);
        if (!toOld && !toCurrent) {
            return;
        }
        MessageTotals totals = new MessageTotals();
        for (ClientConnection c : server.clients()) {
            if (c.account() == acc) {
                totals.add(c);
            }
        }
        var sent = new EventJson.DataStats(totals.outMsgs(), totals.outBytes());
        var received = new EventJson.DataStats(totals.inMsgs(), totals.inBytes());
        int conns = acc.connections();
        String id = Nuid.next();
        String timestamp = utc(Instant.now());
        // Both subjects carry the same event, as nats-server sends it (one id, two sequence numbers).
        if (toOld) {
            publish(old, MonitorJson.compact(new EventJson.AccountConnsEvent(EventJson.ACCOUNT_CONNS_TYPE, id,
                    timestamp, identity.next(), acc.name(), conns, 0, conns,
                    sent, received, 0)));
        }
        if (toCurrent) {
            publish(current, MonitorJson.compact(new EventJson.AccountConnsEvent(EventJson.ACCOUNT_CONNS_TYPE, id,
                    timestamp, identity.next(), acc.name(), conns, 0, conns,
                    sent, received, 0)));
        }
    }

    private EventJson.ClientInfo clientInfo(ClientConnection c, Instant stop) {
        var o = c.options();
        var remote = c.remoteAddress();
        return new EventJson.ClientInfo(utc(c.stats().started()), remote == null ? null : remote.getAddress().getHostAddress(),
                c.id(), c.account().name(), c.user(), o.name, o.lang, o.version,
                stop == null ? 0 : c.stats().rttNanos(), stop == null ? null : utc(stop), "Client", "nats");
    }

    private boolean listened(String subject) {
        return !system.index().match(subject).isEmpty();
    }

    private void publish(String subject, byte[] json) {
        client.publish(subject, null, null, json);
    }

    static String utc(Instant t) {
        return GoFormat.time(t, ZoneOffset.UTC);
    }
}
