package io.natsj.spi.topology.wire;

import io.natsj.spi.topology.AccountRef;
import io.natsj.spi.topology.LocalServer;
import io.natsj.spi.topology.MessageSlice;
import io.natsj.spi.topology.PeerSession;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a registered peer (route, gateway) sends, handed to the kernel's {@link PeerSession}:
 * its interest, kept per key ({@code "acc subject[ queue]"}, as nats-server keys RS+/RS-) so
 * the session hears of each change once, and its messages, whose account is found by
 * comparing the wire bytes with the last few accounts before any String is made (an account
 * the server lacks is resolved when it can be, {@link LocalServer#resolveAccount}). Used on the
 * connection's event loop; monitoring reads the interest map and counters from other threads.
 *
 * <p>An account the server may still get from the network (a directory resolver asking its
 * cluster, {@link LocalServer#resolveAccountLater}) is asked for without waiting: the peer's
 * interest in it waits in a small bounded set ({@link PendingInterest}; RS- cancels, a later
 * queue weight replaces) and goes to the session when the account arrives, or is dropped with
 * a log line when the lookup fails or times out. Messages for it are dropped until then, as for
 * an account the server does not have (nats-server 2.9.10 instead blocks the whole route while
 * it fetches, so later messages wait rather than drop).
 */
public final class PeerInbound {

    private static final System.Logger LOG = System.getLogger("io.natsj.spi.topology.wire");
    private static final int ACCOUNT_CACHE = 4;

    private final LocalServer local;
    private final PeerSession session;
    private final String label;
    private final java.util.concurrent.Executor loop;
    private final PendingInterest pending = new PendingInterest();
    private boolean closed;
    private final Map<String, Integer> remoteSubs = new ConcurrentHashMap<>();
    private final byte[][] cachedNames = new byte[ACCOUNT_CACHE][];
    private final AccountRef[] cachedRefs = new AccountRef[ACCOUNT_CACHE];
    private int nextCacheSlot;
    private AccountRef lastAccount;
    private volatile long inMsgs;
    private volatile long inBytes;

    /**
     * @param local the kernel's services (account lookup)
     * @param session the kernel's side of this peer
     * @param label the connection's label, for logs
     * @param loop the connection's event loop, where the end of an account lookup is handled
     */
    public PeerInbound(LocalServer local, PeerSession session, String label, java.util.concurrent.Executor loop) {
        this.local = local;
        this.session = session;
        this.label = label;
        this.loop = loop;
    }

    /**
     * RS+: a new key, or a queue group's new weight, goes to the session; a repeat does not.
     *
     * @param account the account name
     * @param subject the subject
     * @param queue the queue group, or null
     * @param weight the queue weight
     */
    public void interest(String account, String subject, String queue, int weight) {
        if (pending.waiting(account)) {
            // Held even when another path (a CONNECT) brought the account meanwhile, so that
            // what is held is not applied after, and over, what came later.
            pending.add(account, key(account, subject, queue), subject, queue, weight);
            return;
        }
        AccountRef ref = local.account(account);
        if (ref == null) {
            ref = lookUp(account);
        }
        if (ref != null) {
            apply(ref, account, subject, queue, weight);
        } else if (pending.waiting(account)) {
            pending.add(account, key(account, subject, queue), subject, queue, weight);
        } else {
            LOG.log(System.Logger.Level.DEBUG, () -> label + " - Unknown account \"" + account
                    + "\" for remote subject \"" + subject + "\"");
        }
    }

    private void apply(AccountRef ref, String account, String subject, String queue, int weight) {
        Integer old = remoteSubs.put(key(account, subject, queue), weight);
        if (old == null || (queue != null && old != weight)) {
            session.interest(ref, subject, queue, weight);
        }
    }

    /**
     * Resolves an account the server lacks, or starts its lookup.
     *
     * @return the account when it is there at once; null when it is not to be had, or when
     *         a lookup started ({@link PendingInterest#waiting} then says so)
     */
    private AccountRef lookUp(String account) {
        java.util.concurrent.CompletableFuture<AccountRef> later;
        try {
            later = local.resolveAccountLater(account).toCompletableFuture();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, label + " - Account \"" + account + "\" not resolved: " + e);
            return null;
        }
        if (later.isDone()) {
            return later.isCompletedExceptionally() ? null : later.join();
        }
        if (!pending.start(account)) {
            LOG.log(System.Logger.Level.WARNING, () -> label + " - Account \"" + account + "\" not waited for: "
                    + PendingInterest.MAX_ACCOUNTS + " account lookups already pending on this connection");
            return null;
        }
        LOG.log(System.Logger.Level.DEBUG, () -> label + " - Account \"" + account + "\" unknown, looking it up");
        later.whenComplete((ref, e) -> loop.execute(() -> lookedUp(account, e == null ? ref : null)));
        return null;
    }

    /** On the event loop: the lookup of an account ended. */
    private void lookedUp(String account, AccountRef answer) {
        AccountRef ref = answer;
        PendingInterest.Waiting w = closed ? null : pending.finish(account);
        if (w == null) {
            return;
        }
        if (ref == null) {
            ref = local.account(account); // brought meanwhile by another path
        }
        if (ref == null) {
            if (!w.entries.isEmpty() || w.dropped > 0) {
                LOG.log(System.Logger.Level.WARNING, () -> label + " - Account \"" + account
                        + "\" lookup failed, dropping " + (w.entries.size() + w.dropped) + " remote subscription(s)");
            }
            return;
        }
        if (w.dropped > 0) {
            LOG.log(System.Logger.Level.WARNING, () -> label + " - Account \"" + account + "\" resolved, "
                    + w.dropped + " remote subscription(s) past the pending limit of " + PendingInterest.MAX_ENTRIES
                    + " were dropped");
        }
        for (PendingInterest.Entry e : w.entries.values()) {
            apply(ref, account, e.subject(), e.queue(), e.weight());
        }
    }

    /**
     * RS-: only a key the peer had.
     *
     * @param account the account name
     * @param subject the subject
     * @param queue the queue group, or null
     */
    public void noInterest(String account, String subject, String queue) {
        String key = key(account, subject, queue);
        if (pending.waiting(account) && pending.remove(account, key)) {
            return;
        }
        AccountRef ref = local.account(account);
        if (ref != null && remoteSubs.remove(key) != null) {
            session.noInterest(ref, subject, queue);
        }
    }

    /** What became of a message, for a gateway's answer (nats-server's optimistic mode). */
    public enum Arrival {
        /** A plain subscription of this cluster matched ({@link PeerSession#deliver}). */
        PLAIN_INTEREST,
        /** The account exists, but no plain subscription of this cluster matched. */
        NO_PLAIN_INTEREST,
        /** This server has no account of that name: the message was dropped. */
        UNKNOWN_ACCOUNT
    }

    /**
     * RMSG/HMSG/LMSG: handed to the session; a message for an account we lack is dropped.
     *
     * @param buf the read buffer
     * @param accountAt where the account name starts
     * @param accountLength its length
     * @param message the message
     * @param queues the queue groups named
     * @return what became of it; {@link #lastAccount()} is its account
     */
    public Arrival message(ByteBuf buf, int accountAt, int accountLength, MessageSlice message,
                           WireQueueNames queues) {
        AccountRef account = account(buf, accountAt, accountLength);
        lastAccount = account;
        inMsgs++;
        inBytes += message.bodyLength();
        if (account == null) {
            return Arrival.UNKNOWN_ACCOUNT;
        }
        return session.deliver(account, message, queues) ? Arrival.PLAIN_INTEREST : Arrival.NO_PLAIN_INTEREST;
    }

    /** @return the account of the last message, null when this server has none of that name */
    public AccountRef lastAccount() {
        return lastAccount;
    }

    /** Flushes what the batch's messages wrote (see {@link PeerSession#endOfReadBatch}). */
    public void endOfReadBatch() {
        session.endOfReadBatch();
    }

    /** The connection closed: the session forgets the peer's interest. */
    public void close() {
        closed = true;
        pending.clear();
        session.close();
        remoteSubs.clear();
    }

    /**
     * @return the interests waiting for an account lookup ({@code "acc subject[ queue]"}), a
     *         copy; call on the connection's event loop
     */
    public java.util.List<String> pendingInterest() {
        return pending.keys();
    }

    private static String key(String account, String subject, String queue) {
        return queue == null ? account + " " + subject : account + " " + subject + " " + queue;
    }

    private AccountRef account(ByteBuf buf, int at, int length) {
        for (int i = 0; i < ACCOUNT_CACHE; i++) {
            byte[] name = cachedNames[i];
            if (name != null && name.length == length && sameBytes(name, buf, at)) {
                return cachedRefs[i];
            }
        }
        byte[] name = new byte[length];
        buf.getBytes(at, name);
        String text = new String(name, StandardCharsets.UTF_8);
        AccountRef ref = local.account(text);
        if (ref == null && !pending.waiting(text)) {
            ref = lookUp(text);
        }
        if (ref == null) {
            // Not kept: the account may be pushed to this server later, or its lookup bring it.
            LOG.log(System.Logger.Level.DEBUG, () -> label + " - Unknown account \"" + text + "\" for a message from a peer");
            return null;
        }
        cachedNames[nextCacheSlot] = name;
        cachedRefs[nextCacheSlot] = ref;
        nextCacheSlot = (nextCacheSlot + 1) % ACCOUNT_CACHE;
        return ref;
    }

    private static boolean sameBytes(byte[] name, ByteBuf buf, int at) {
        for (int i = 0; i < name.length; i++) {
            if (name[i] != buf.getByte(at + i)) {
                return false;
            }
        }
        return true;
    }

    /** @return the peer's interest, keys {@code "acc subject[ queue]"} to queue weights */
    public Map<String, Integer> remoteSubs() {
        return remoteSubs;
    }

    /** @return messages received */
    public long inMsgs() {
        return inMsgs;
    }

    /** @return payload bytes received */
    public long inBytes() {
        return inBytes;
    }

    /** @return bytes the kernel holds for the peer and has not written yet */
    public long pendingBytes() {
        return session.pendingBytes();
    }
}
