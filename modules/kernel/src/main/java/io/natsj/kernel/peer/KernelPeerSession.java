package io.natsj.kernel.peer;

import io.natsj.kernel.account.Account;
import io.natsj.kernel.account.Accounts;
import io.natsj.kernel.client.FlushSet;
import io.natsj.kernel.client.InboundMessage;
import io.natsj.kernel.client.MessageRouter;
import io.natsj.kernel.client.RemotePeer;
import io.natsj.kernel.client.RouteTargets;
import io.natsj.kernel.subject.MatchCache;
import io.natsj.kernel.subject.MatchResult;
import io.natsj.kernel.subject.Subjects;
import io.natsj.kernel.subject.Subscription;
import io.natsj.spi.topology.AccountRef;
import io.natsj.spi.topology.wire.GatewayReply;
import io.natsj.spi.topology.InterestListener;
import io.natsj.spi.topology.MessageView;
import io.natsj.spi.topology.PeerKind;
import io.natsj.spi.topology.PeerLink;
import io.natsj.spi.topology.PeerSession;
import io.natsj.spi.topology.QueueNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * One peer connection's state in the kernel: the peer's interest as subscriptions (keyed as
 * the peer names them: account, subject and queue), a match cache per account for its
 * messages, and its flush set. Used on the peer connection's event loop only, except for
 * {@link #close}, which may come from any thread once.
 */
public final class KernelPeerSession implements PeerSession {

    private final Accounts accounts;
    private final PeerSubscriber peer;
    private final PeerKind kind;
    private final boolean gatewayReplies;
    private final Map<String, Subscription> subscriptions = new HashMap<>();
    private final Map<Account, MatchCache> caches = new IdentityHashMap<>();
    private final List<InterestListener> listeners = new ArrayList<>();
    /** The accounts whose interest the listeners hear (each once). */
    private final java.util.Set<Account> watched = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    private final java.util.function.Consumer<Account> accountAdded = this::accountAdded;
    private final FlushSet flushes = new FlushSet();
    private final RouteTargets targets = new RouteTargets();
    private final InboundMessage message = new InboundMessage();
    /** A delivery rewritten by its sender ({@code reply@subject}) as local subscribers see it. */
    private final InboundMessage presented = new InboundMessage();
    private boolean closed;

    /**
     * @param accounts the server's accounts
     * @param link how to write to the peer
     * @param kind what the peer is
     * @param maxPending how far the peer's outbound buffer may grow
     * @param gatewayReplies true when this server is in a super-cluster: a routed message on a
     *        {@code _GR_.} subject is a reply a gateway server of this cluster passed on
     */
    public KernelPeerSession(Accounts accounts, PeerLink link, PeerKind kind, long maxPending,
                             boolean gatewayReplies) {
        this.accounts = accounts;
        this.gatewayReplies = gatewayReplies && kind == PeerKind.ROUTE;
        this.kind = kind;
        this.peer = new PeerSubscriber(link, kind, maxPending);
    }

    @Override
    public synchronized void watchInterest(InterestListener listener) {
        if (closed) {
            return;
        }
        if (listeners.isEmpty()) {
            accounts.onAdded(accountAdded);
        }
        listeners.add(listener);
        for (Account acc : accounts.all()) {
            watched.add(acc);
            watch(listener, acc);
        }
    }

    /**
     * An account created after the session began (operator mode resolves accounts on first
     * use): the peer hears of its interest as of the others'.
     */
    private synchronized void accountAdded(Account acc) {
        if (closed || !watched.add(acc)) {
            return;
        }
        for (InterestListener l : listeners) {
            l.accountAdded(acc.name());
            watch(l, acc);
        }
    }

    private void watch(InterestListener listener, Account acc) {
        if (kind == PeerKind.LEAF) {
            acc.interest().watchLeaf(listener, peer);
        } else {
            acc.interest().watch(listener, kind == PeerKind.GATEWAY);
        }
    }

    @Override
    public synchronized void interest(AccountRef account, String subject, String queue, int weight) {
        if (closed || !Subjects.isValidSubscribeSubject(subject)) {
            return;
        }
        Account acc = (Account) account;
        String key = key(acc, subject, queue);
        Subscription existing = subscriptions.get(key);
        if (existing != null) {
            if (queue != null) {
                existing.setWeight(weight);
            }
            return;
        }
        Subscription sub = new Subscription(peer, subject, queue, key);
        if (queue != null) {
            sub.setWeight(weight);
        }
        subscriptions.put(key, sub);
        acc.index().insert(sub);
    }

    @Override
    public synchronized void noInterest(AccountRef account, String subject, String queue) {
        Subscription sub = subscriptions.remove(key((Account) account, subject, queue));
        if (sub != null) {
            sub.markClosed();
            ((Account) account).index().remove(sub);
        }
    }

    @Override
    public boolean deliver(AccountRef account, MessageView view, QueueNames queues) {
        Account acc = (Account) account;
        MatchCache cache = caches.get(acc);
        if (cache == null) {
            cache = new MatchCache(acc.index());
            caches.put(acc, cache);
        }
        message.setFrom(view);
        if (gatewayReplies && GatewayReply.is(view)) {
            // nats-server's gateway server passes a reply on to the server that asked, prefix
            // and all; the subject asked for follows the prefix.
            GatewayReply.strip(message);
        }
        MatchResult result = cache.match(message.buffer(), message.subjectOffset(), message.subjectLength());
        if (result.isEmpty()) {
            return false;
        }
        int at = deliverAt(message);
        if (at < 0) {
            MessageRouter.routeFromPeer(peer, message, result, queues, flushes, targets, acc.nameBytes());
        } else {
            // nats-server's deliver subject rewrite: LMSG <deliver> <reply>@<subject>.
            int r = message.replyOffset();
            presented.set(message.buffer(), r + at + 1, message.replyLength() - at - 1, r, at,
                    message.headerLength(), message.bodyOffset(), message.bodyLength());
            MessageRouter.routeFromPeer(peer, message, presented, result, queues, flushes, targets,
                    acc.nameBytes());
        }
        return kind != PeerKind.GATEWAY || hasPlainInterest(result);
    }

    /**
     * nats-server's test before a gateway's RS-: a plain subscription of this cluster (not one
     * another gateway announced, which never gets a gateway's message).
     */
    private static boolean hasPlainInterest(MatchResult result) {
        for (Subscription sub : result.plain()) {
            RemotePeer owner = sub.owner().remote();
            if (owner == null || owner.kind() != PeerKind.GATEWAY) {
                return true;
            }
        }
        return false;
    }

    private static final byte[] JS_ACK = "$JS.ACK.".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** @return where an {@code @} stands in the message's reply (a rewritten delivery), or -1 */
    private static int deliverAt(InboundMessage m) {
        int n = m.replyLength();
        if (n <= JS_ACK.length) {
            return -1;
        }
        io.netty.buffer.ByteBuf b = m.buffer();
        int start = m.replyOffset();
        // As nats-server, only a JetStream ack reply carries the presented subject: any other
        // reply may hold an '@' of its own and travels as it is.
        for (int i = 0; i < JS_ACK.length; i++) {
            if (b.getByte(start + i) != JS_ACK[i]) {
                return -1;
            }
        }
        int at = b.indexOf(start, start + n, (byte) '@');
        return at >= 0 && at + 1 < start + n ? at - start : -1;
    }

    @Override
    public void endOfReadBatch() {
        flushes.flushAll();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        peer.close();
        accounts.removeOnAdded(accountAdded);
        for (InterestListener l : listeners) {
            for (Account acc : accounts.all()) {
                acc.interest().unwatch(l);
            }
        }
        listeners.clear();
        watched.clear();
        for (Map.Entry<String, Subscription> e : subscriptions.entrySet()) {
            Subscription sub = e.getValue();
            sub.markClosed();
            accountOf(e.getKey()).index().remove(sub);
        }
        subscriptions.clear();
        caches.values().forEach(MatchCache::retire);
        caches.clear();
    }

    /** @return how many subscriptions the peer has here */
    public synchronized int subscriptionCount() {
        return subscriptions.size();
    }


    @Override
    public long pendingBytes() {
        return peer.pendingBytes();
    }

    private Account accountOf(String key) {
        return accounts.get(key.substring(0, key.indexOf(' ')));
    }

    private static String key(Account acc, String subject, String queue) {
        return queue == null ? acc.name() + " " + subject : acc.name() + " " + subject + " " + queue;
    }
}
