package io.natsj.kernel.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.natsj.kernel.account.Account;
import io.natsj.kernel.client.ClientConnection;
import io.natsj.kernel.client.InternalClient;
import io.natsj.kernel.log.Log;
import io.natsj.kernel.monitor.MessageTotals;
import io.natsj.kernel.monitor.MonitorJson;
import io.natsj.kernel.server.Server;
import io.natsj.kernel.subject.MatchResult;
import io.natsj.kernel.subject.Subscription;
import io.natsj.spi.service.ServiceMessage;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Tells the cluster how many connections each account has here and hears what the other
 * servers have, as nats-server 2.9.10 does, so that an account JWT's {@code conn} and
 * {@code leaf} limits count the whole cluster:
 * <ul>
 *   <li>an account's count goes out on {@code $SYS.ACCOUNT.<acc>.SERVER.CONNS} and the older
 *       {@code $SYS.SERVER.ACCOUNT.<acc>.CONNS} whenever a connection joins or leaves it, and
 *       every 30 s while it has any;</li>
 *   <li>the peers' counts come in on the older subject (the one nats-server listens to) and as
 *       answers to {@code $SYS.REQ.ACCOUNT.<acc>.CONNS}, which this server asks when an account
 *       appears here and answers for accounts with clients here;</li>
 *   <li>a peer's counts are forgotten on its {@code $SYS.SERVER.<id>.SHUTDOWN} or 150 s after
 *       its last report (nats-server's orphan time).</li>
 * </ul>
 */
final class AccountConnsExchange {

    private static final String NEW_SUBJECT = "$SYS.ACCOUNT.%s.SERVER.CONNS";
    private static final String OLD_SUBJECT = "$SYS.SERVER.ACCOUNT.%s.CONNS";
    private static final long HEARTBEAT_SECONDS = 30;
    private static final long ORPHAN_NANOS = TimeUnit.SECONDS.toNanos(5 * HEARTBEAT_SECONDS);

    private final Server server;
    private final Account system;
    private final InternalClient client;
    private final SystemIdentity identity;
    private final String inbox;
    private ScheduledFuture<?> heartbeat;

    AccountConnsExchange(Server server, Account system, InternalClient client, SystemIdentity identity) {
        this.server = server;
        this.system = system;
        this.client = client;
        this.identity = identity;
        this.inbox = "$SYS._INBOX_." + identity.id();
    }

    void start() {
        client.subscribe(String.format(OLD_SUBJECT, "*"), null, this::peerReport);
        client.subscribe(inbox, null, this::peerReport);
        client.subscribe("$SYS.REQ.ACCOUNT.*.CONNS", null, this::request);
        client.subscribe("$SYS.SERVER.*.SHUTDOWN", null, this::peerShutdown);
        // Listening first: an account added meanwhile is tracked twice, which does no harm.
        server.accounts().onAdded(this::track);
        for (Account acc : server.accounts().all()) {
            track(acc);
        }
        heartbeat = server.ioGroup().next().scheduleAtFixedRate(this::heartbeat,
                HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
    }

    /** Says goodbye, so that peers stop counting this server's connections at once. */
    void stop() {
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        String subject = "$SYS.SERVER." + identity.id() + ".SHUTDOWN";
        if (listenedByOthers(subject)) {
            client.publish(subject, null, null, MonitorJson.compact(identity.next()));
        }
    }

    private void track(Account acc) {
        acc.onConnectionsChanged(this::changed);
        // As nats-server's enableAccountTracking: ask the peers what they have of a new account
        // (none before the routes are up: no JSON is made at start-up).
        String subject = String.format("$SYS.REQ.ACCOUNT.%s.CONNS", acc.name());
        if (listenedByOthers(subject)) {
            client.publish(subject, inbox, null,
                    MonitorJson.compact(new EventJson.AccountConnsRequest(identity.next(), acc.name())));
        }
    }

    private void changed(Account acc) {
        try {
            send(acc, String.format(OLD_SUBJECT, acc.name()), String.format(NEW_SUBJECT, acc.name()));
        } catch (RuntimeException e) {
            // News about a count, never a reason to refuse or keep a connection.
            Log.error("System account: connections event for account " + acc.name() + " failed: " + e);
        }
    }

    private void heartbeat() {
        try {
            for (Account acc : server.accounts().all()) {
                acc.forgetPeerReportsOlderThan(ORPHAN_NANOS);
                if (acc.connections() + acc.leafConnections() > 0) {
                    changed(acc);
                }
            }
        } catch (RuntimeException e) {
            Log.error("System account: connections heartbeat failed: " + e);
        }
    }

    /** Publishes the account's counts on those of {@code subjects} somebody else listens to. */
    private void send(Account acc, String... subjects) {
        List<String> listened = new ArrayList<>(subjects.length);
        for (String s : subjects) {
            if (listenedByOthers(s)) {
                listened.add(s);
            }
        }
        if (listened.isEmpty()) {
            return;
        }
        MessageTotals totals = new MessageTotals();
        for (ClientConnection c : server.clients()) {
            if (c.account() == acc) {
                totals.add(c);
            }
        }
        int clients = acc.connections();
        int leaves = acc.leafConnections();
        String id = Nuid.next();
        String timestamp = SystemEvents.utc(Instant.now());
        for (String s : listened) {
            // One event id on every subject, each with its own sequence number, as nats-server.
            client.publish(s, null, null, MonitorJson.compact(new EventJson.AccountConnsEvent(
                    EventJson.ACCOUNT_CONNS_TYPE, id, timestamp, identity.next(), acc.name(), clients, leaves,
                    clients + leaves, new EventJson.DataStats(totals.outMsgs(), totals.outBytes()),
                    new EventJson.DataStats(totals.inMsgs(), totals.inBytes()), 0)));
        }
    }

    /** True when a subscriber other than this exchange, here or on a peer, matches. */
    private boolean listenedByOthers(String subject) {
        MatchResult m = system.index().match(subject);
        for (Subscription s : m.plain()) {
            if (s.owner() != client) {
                return true;
            }
        }
        for (Subscription[] group : m.queues()) {
            for (Subscription s : group) {
                if (s.owner() != client) {
                    return true;
                }
            }
        }
        return false;
    }

    private void request(ServiceMessage m) {
        if (m.reply() == null) {
            return;
        }
        String[] tokens = m.subject().split("\\.");
        // Only an account already here: a request never makes this server resolve one.
        Account acc = tokens.length == 5 ? server.accounts().get(tokens[3]) : null;
        // As nats-server: answered only by servers with clients in the account.
        if (acc != null && acc.connections() > 0) {
            send(acc, m.reply());
        }
    }

    private void peerReport(ServiceMessage m) {
        JsonNode event;
        try {
            event = SystemRequests.Json.MAPPER.readTree(m.payload());
        } catch (IOException e) {
            Log.error("System account: bad account connections event: " + e.getMessage());
            return;
        }
        if (event == null) {
            return;
        }
        String serverId = event.path("server").path("id").asText("");
        Account acc = server.accounts().get(event.path("acc").asText(""));
        if (serverId.isEmpty() || serverId.equals(identity.id()) || acc == null) {
            return;
        }
        int evicted = acc.peerConnections(serverId, event.path("conns").asInt(0), event.path("leafnodes").asInt(0));
        if (evicted > 0) {
            Log.info("Account " + acc.name() + " is over its leaf node limit with server " + serverId
                    + "'s connections: closing " + evicted + " leaf node connection(s)");
        }
    }

    private void peerShutdown(ServiceMessage m) {
        String serverId = m.subject().split("\\.")[2];
        if (serverId.equals(identity.id())) {
            return;
        }
        for (Account acc : server.accounts().all()) {
            acc.peerGone(serverId);
        }
    }
}
