package io.natsj.kernel.system;

import io.natsj.kernel.account.Account;
import io.natsj.kernel.client.ClientConnection;
import io.natsj.kernel.client.InternalClient;
import io.natsj.config.GoFormat;
import io.natsj.kernel.monitor.MonitorJson;
import io.natsj.kernel.server.Server;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Publishes nats-server's connection advisories in the system account: for each client
 * admitted or closed, {@code $SYS.ACCOUNT.<acc>.CONNECT} or {@code …DISCONNECT}, after the
 * account's count ({@link AccountConnsExchange}, told by the account as the count changes).
 * Nothing is built when nobody in the system account listens.
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
