package io.natsj.topology.gateways;

import io.natsj.spi.topology.AccountRef;
import io.natsj.spi.topology.LocalServer;
import io.natsj.spi.topology.MessageView;
import io.natsj.spi.topology.PeerSession;
import io.natsj.spi.topology.QueueNames;
import io.natsj.spi.topology.wire.GatewayReply;
import io.natsj.spi.topology.wire.PeerInbound;
import java.util.Arrays;
import java.util.Map;

/**
 * What an outbound gateway connection sends, from what the other cluster told it, as
 * nats-server 2.9.10's outbound side ({@code outsim}). A peer that announces interest-only
 * mode ({@code gateway_iom}) is sent only what it subscribed to (RS+, into the kernel's
 * session). A peer that does not (a server before 2.9) is sent every message of every
 * account optimistically: the session holds a subscription to {@code >} in each account the
 * server has, and {@link #accepts} refuses what the peer said it does not want: A- for an
 * account, RS- for a subject, cleared by A+ and RS+. INFO {@code gateway_cmd} 2 starts an
 * account's switch (its RS+/RS- from then on are subscriptions), 3 completes it (the
 * {@code >} goes: only its subscriptions get messages). Queue groups are always
 * subscriptions.
 *
 * <p>Written on the connection's event loop only; {@link #accepts} runs on publishers' threads
 * and reads a copy-on-write table of volatile state without a lock or an allocation.
 */
final class OutboundInterest {

    /** An account's state; absent from the table: nothing said (optimistic). */
    private static final class Out {
        final byte[] name;
        /** A- received without queue groups: nothing goes (nats-server's nil entry). */
        volatile boolean blocked;
        /** Subjects refused while optimistic, null once the peer's subscriptions decide. */
        volatile NoInterestSubjects noInterest = new NoInterestSubjects();
        boolean switching;
        boolean interestOnly;
        int queueGroups;

        Out(byte[] name) {
            this.name = name;
        }
    }

    private final LocalServer local;
    private final boolean optimistic;
    private final byte[] remoteHash;
    /** Written on the event loop; read by /gatewayz. */
    private final Map<String, Out> accounts = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile Out[] table = new Out[0];
    private PeerSession session;
    private PeerInbound inbound;

    /**
     * @param local the kernel's services
     * @param optimistic true when the peer did not announce interest-only mode
     * @param remoteHash the other cluster's {@code _GR_.} hash, as bytes
     */
    OutboundInterest(LocalServer local, boolean optimistic, byte[] remoteHash) {
        this.local = local;
        this.optimistic = optimistic;
        this.remoteHash = remoteHash;
    }

    boolean optimistic() {
        return optimistic;
    }

    /** The session is open: an optimistic peer takes everything of every account. */
    void open(PeerSession session, PeerInbound inbound) {
        this.session = session;
        this.inbound = inbound;
        if (optimistic) {
            for (String name : local.accountNames()) {
                everything(name, true);
            }
        }
    }

    /**
     * Whether a message goes to the peer: asked by the kernel for every message forwarded.
     *
     * @param account the account's name bytes
     * @param message the message
     * @param queues the queue groups the peer was picked for
     * @return false when the peer said it does not want it
     */
    boolean accepts(byte[] account, MessageView message, QueueNames queues) {
        if (!optimistic) {
            return true;
        }
        if (GatewayReply.is(message)) {
            // A routed reply goes to its cluster whatever that cluster said (nats-server's directSend).
            return GatewayReply.isForCluster(message, remoteHash);
        }
        if (queues.size() > 0) {
            return true;
        }
        Out a = find(account);
        if (a == null) {
            return true;
        }
        if (a.blocked) {
            return false;
        }
        NoInterestSubjects ni = a.noInterest;
        return ni == null || !ni.contains(message.buffer(), message.subjectOffset(), message.subjectLength());
    }

    /** RS+ from the peer. */
    void interest(String account, String subject, String queue, int weight) {
        if (!optimistic) {
            inbound.interest(account, subject, queue, weight);
            return;
        }
        Out a = accounts.get(account);
        if (queue != null) {
            if (a == null || a.blocked) {
                a = reset(account);
            }
            if (a != null && !inbound.remoteSubs().containsKey(account + " " + subject + " " + queue)) {
                a.queueGroups++;
            }
            inbound.interest(account, subject, queue, weight);
            return;
        }
        if (a == null || a.blocked) {
            return; // nats-server ignores a plain RS+ for an account it has no entry for
        }
        if (a.switching || a.interestOnly) {
            inbound.interest(account, subject, queue, weight);
            return;
        }
        if (Subjects.hasWildcard(subject)) {
            a.noInterest.removeIf(s -> Subjects.matches(subject, s));
        } else {
            a.noInterest.remove(subject);
        }
    }

    /** RS- from the peer. */
    void noInterest(String account, String subject, String queue) {
        if (!optimistic) {
            inbound.noInterest(account, subject, queue);
            return;
        }
        Out a = accounts.get(account);
        if (queue != null) {
            if (a != null && inbound.remoteSubs().containsKey(account + " " + subject + " " + queue)) {
                a.queueGroups--;
            }
            inbound.noInterest(account, subject, queue);
            return;
        }
        if (a != null && !a.blocked && (a.switching || a.interestOnly)) {
            inbound.noInterest(account, subject, queue);
            return;
        }
        if (a == null || a.blocked) {
            a = reset(account);
            if (a == null) {
                return;
            }
        }
        if (a.noInterest == null) {
            a.noInterest = new NoInterestSubjects();
        }
        a.noInterest.add(subject);
    }

    /** A+ (true) or A- (false) from the peer. */
    void account(String account, boolean interested) {
        if (!optimistic) {
            return; // a 2.9+ peer's subscriptions decide already
        }
        Out a = accounts.get(account);
        if (interested) {
            if (a != null && (a.blocked || a.queueGroups == 0)) {
                remove(account);
                everything(account, true);
            }
            return;
        }
        if (a != null && !a.blocked && a.queueGroups > 0) {
            a.noInterest = new NoInterestSubjects();
            everything(account, true);
            return;
        }
        if (a == null) {
            a = add(account);
            if (a == null) {
                return;
            }
        }
        a.blocked = true;
    }

    /** INFO gateway_cmd 2: the account's subscriptions follow. */
    void startSwitch(String account) {
        if (!optimistic) {
            return;
        }
        Out a = accounts.get(account);
        if (a == null || a.blocked) {
            // No entry: nats-server sends on the subscriptions alone from now on.
            a = a == null ? add(account) : a;
            if (a == null) {
                return;
            }
            a.blocked = false;
            a.noInterest = null;
            everything(account, false);
        }
        a.switching = true;
    }

    /** INFO gateway_cmd 3: the account is interest-only. */
    void completeSwitch(String account) {
        if (!optimistic) {
            return;
        }
        Out a = accounts.get(account);
        if (a == null || a.blocked) {
            return;
        }
        a.noInterest = null;
        a.switching = false;
        a.interestOnly = true;
        everything(account, false);
    }

    /**
     * @return for an optimistic peer, per account it said anything about (nats-server's
     *         {@code outsim}): name to {mode, RS- count, queue groups}; empty otherwise
     */
    Map<String, Object[]> report() {
        Map<String, Object[]> m = new java.util.TreeMap<>();
        for (Map.Entry<String, Out> e : accounts.entrySet()) {
            Out a = e.getValue();
            NoInterestSubjects ni = a.noInterest;
            String mode = a.blocked ? "Optimistic" : a.interestOnly ? "Interest-Only"
                    : a.switching ? "Transitioning" : "Optimistic";
            m.put(e.getKey(), new Object[] {mode, a.blocked || ni == null ? 0 : ni.size(), a.queueGroups});
        }
        return m;
    }

    /** An entry like a new one of nats-server (optimistic, nothing refused), its {@code >} back. */
    private Out reset(String account) {
        remove(account);
        Out a = add(account);
        if (a != null) {
            everything(account, true);
        }
        return a;
    }

    /** Subscribes the peer to everything of the account, or takes that back. */
    private void everything(String account, boolean on) {
        AccountRef ref = local.account(account);
        if (ref == null || session == null) {
            return;
        }
        if (on) {
            session.interest(ref, ">", null, 1);
        } else if (!inbound.remoteSubs().containsKey(account + " >")) {
            session.noInterest(ref, ">", null);
        }
    }

    private Out add(String account) {
        AccountRef ref = local.account(account);
        if (ref == null) {
            return null;
        }
        Out a = new Out(ref.nameBytes());
        accounts.put(account, a);
        publish();
        return a;
    }

    private void remove(String account) {
        if (accounts.remove(account) != null) {
            publish();
        }
    }

    /** Rebuilds the publishers' table (open addressing by the name's bytes). */
    private void publish() {
        int capacity = Integer.highestOneBit(Math.max(1, accounts.size()) * 4);
        Out[] t = new Out[capacity];
        for (Out a : accounts.values()) {
            int i = hash(a.name) & (capacity - 1);
            while (t[i] != null) {
                i = (i + 1) & (capacity - 1);
            }
            t[i] = a;
        }
        table = t;
    }

    private Out find(byte[] account) {
        Out[] t = table;
        if (t.length == 0) {
            return null;
        }
        int mask = t.length - 1;
        for (int i = hash(account) & mask; ; i = (i + 1) & mask) {
            Out a = t[i];
            if (a == null) {
                return null;
            }
            if (a.name == account || Arrays.equals(a.name, account)) {
                return a;
            }
        }
    }

    private static int hash(byte[] s) {
        int h = 0x811c9dc5;
        for (byte b : s) {
            h = (h ^ b) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }
}
