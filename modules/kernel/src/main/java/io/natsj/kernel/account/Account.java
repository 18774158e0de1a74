package io.natsj.kernel.account;

import io.natsj.kernel.subject.SubjectIndex;
import java.util.List;

/**
 * One account: a name, its subscription index, and what it exports to and imports from
 * other accounts.
 */
public final class Account implements io.natsj.spi.topology.AccountRef {

    /** The global account of connections that name none. */
    public static final String GLOBAL = "$G";

    private final String name;
    private final byte[] nameBytes;
    private final SubjectIndex index = new SubjectIndex();
    private final io.natsj.kernel.subject.InterestTracker interest;
    // Volatile: an account an authenticator resolves is (re)defined while connections run.
    private volatile com.typesafe.config.ConfigObject settings;
    private volatile List<Export> exports = List.of();
    private volatile List<Import> imports = List.of();
    // Counted when a connection is admitted and when it closes, never per message.
    private final ConnectionCounts counts = new ConnectionCounts(this);

    /** @param name the account name */
    public Account(String name) {
        this.name = name;
        this.nameBytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        this.interest = new io.natsj.kernel.subject.InterestTracker(name);
        index.track(interest);
    }

    /** @return the account's local interest, as peers are told it */
    public io.natsj.kernel.subject.InterestTracker interest() {
        return interest;
    }

    /** @return the account name */
    @Override
    public String name() {
        return name;
    }

    /** @return the account name as UTF-8 bytes, as peers name it on the wire */
    @Override
    public byte[] nameBytes() {
        return nameBytes;
    }

    /** @return the account's subscriptions */
    public SubjectIndex index() {
        return index;
    }

    /** @return the streams and services it offers */
    public List<Export> exports() {
        return exports;
    }

    /** @return the streams and services it takes from other accounts */
    public List<Import> imports() {
        return imports;
    }

    /** @return the client connections bound to the account on this server now */
    public int connections() {
        return counts.clients();
    }

    /** @return the leaf node connections bound to the account on this server now */
    public int leafConnections() {
        return counts.leaves();
    }

    /** Counts an admitted connection in, whatever the limit. */
    public void connectionAdmitted() {
        counts.admitClient(-1);
    }

    /**
     * Counts an admitted connection in unless the account is at its limit of connections,
     * counting those its cluster peers report.
     *
     * @param max the account's limit (an account JWT's {@code conn}), negative for none
     * @return false when the account already has {@code max} connections
     */
    public boolean connectionAdmitted(long max) {
        return counts.admitClient(max);
    }

    /** Counts an admitted connection out. */
    public void connectionClosed() {
        counts.clientClosed();
    }

    @Override
    public LeafSeat admitLeaf(long max, Runnable evict) {
        return counts.admitLeaf(max, evict);
    }

    /**
     * Takes a cluster peer's account connection event (nats-server's {@code AccountNumConns}).
     *
     * @param serverId the peer's server id
     * @param clients its client connections in the account
     * @param leaves its leaf node connections in the account
     * @return how many leaves of this server were evicted, the account being over its limit
     */
    public int peerConnections(String serverId, int clients, int leaves) {
        return counts.remote(serverId, clients, leaves);
    }

    /** @param serverId a peer that shut down: its connections no longer count */
    public void peerGone(String serverId) {
        counts.forget(serverId);
    }

    /** @param nanos forget what peers reported longer ago than this (they went away unheard) */
    public void forgetPeerReportsOlderThan(long nanos) {
        counts.forgetOlderThan(nanos);
    }

    /** @return the client connections the account's cluster peers last reported */
    public int peerClients() {
        return counts.remoteClients();
    }

    /** @return the leaf node connections the account's cluster peers last reported */
    public int peerLeaves() {
        return counts.remoteLeaves();
    }

    /**
     * @param listener told (on the thread that made the change, with no lock held) whenever
     *        a client or leaf connection of this server joins or leaves the account
     */
    public void onConnectionsChanged(java.util.function.Consumer<Account> listener) {
        counts.onChanged(listener);
    }

    /** @return the account's block in {@code accounts { }}, or null for accounts the server made */
    public com.typesafe.config.ConfigObject settings() {
        return settings;
    }

    void settings(com.typesafe.config.ConfigObject block) {
        this.settings = block;
    }

    /**
     * Replaces what an account an authenticator resolves holds besides users (operator mode:
     * from its JWT); the caller moves the subscriptions that carry the imports.
     *
     * @param settings the account's settings for service plugins
     * @param exports what it offers
     * @param imports what it takes, already authorized
     */
    public void define(com.typesafe.config.ConfigObject settings, List<Export> exports, List<Import> imports) {
        this.settings = settings;
        links(exports, imports);
    }

    void links(List<Export> exports, List<Import> imports) {
        this.exports = List.copyOf(exports);
        this.imports = List.copyOf(imports);
    }

    @Override
    public String toString() {
        return "Account[" + name + "]";
    }
}
