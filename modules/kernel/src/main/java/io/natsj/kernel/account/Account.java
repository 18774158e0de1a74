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
    private final java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();

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

    /** @return the connections bound to the account now */
    public int connections() {
        return connections.get();
    }

    /** Counts an admitted connection in, whatever the limit. */
    public void connectionAdmitted() {
        connections.incrementAndGet();
    }

    /**
     * Counts an admitted connection in unless the account is at its limit of connections.
     *
     * @param max the account's limit (an account JWT's {@code conn}), negative for none
     * @return false when the account already has {@code max} connections
     */
    public boolean connectionAdmitted(long max) {
        if (max < 0) {
            connections.incrementAndGet();
            return true;
        }
        while (true) {
            int n = connections.get();
            if (n >= max) {
                return false;
            }
            if (connections.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Counts an admitted connection out. */
    public void connectionClosed() {
        connections.decrementAndGet();
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
