package io.natsj.topology.gateways;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What an inbound gateway connection tells the other cluster about this cluster's interest,
 * per account, as nats-server 2.9.10's inbound side does ({@code insim}). Every account the
 * server has when the connection registers is switched to interest-only mode at once (INFO
 * {@code gateway_cmd} 2, the account's plain subscriptions as RS+, INFO {@code gateway_cmd} 3),
 * and so is every account created later ({@link #accountAdded});
 * queue groups are announced in every mode (weight 1). The other cluster may still send
 * optimistically (a server before 2.9, or an account this server did not switch): a message
 * nothing here takes is answered with A- when the account has no subscription at all (or does
 * not exist; with a system account every account has some, as nats-server's system imports
 * are subscriptions), else with RS- for its subject; after {@link #MAX_NO_INTEREST} subjects so
 * answered, the account is switched to interest-only mode. A new subscription clears what
 * was answered: A+ after an A-, RS+ for subjects answered with RS-.
 *
 * <p>Keeps its own copy of the cluster's interest (plain subjects and queue groups per
 * account, as nats-server's {@code pasi}) so that a switch needs nothing from the kernel.
 * Called from subscribing threads (the kernel's interest listener) and from the connection's
 * event loop (messages without interest), under this object's monitor, which is this
 * connection's alone; lines are handed to {@code out} under it, so they leave in that order.
 */
final class InboundInterest {

    /** nats-server's gatewayMaxRUnsubBeforeSwitch. */
    static final int MAX_NO_INTEREST = 1000;

    /** What this side told the other cluster about one account. */
    private enum Mode {
        /** Nothing: the other side sends optimistically. */
        NONE,
        /** A- sent: the other side sends nothing of the account. */
        ACCOUNT_NO_INTEREST,
        /** RS- sent for the subjects in {@code noInterest}. */
        OPTIMISTIC,
        /** Switched: every plain subscription is told (RS+/RS-). */
        INTEREST_ONLY
    }

    /** One account: the cluster's interest in it, and what the other side was told. */
    private static final class Account {
        final Set<String> plain = new LinkedHashSet<>();
        final Set<String> queues = new HashSet<>();
        Mode mode = Mode.NONE;
        Set<String> noInterest;

        boolean hasSubscriptions() {
            return !plain.isEmpty() || !queues.isEmpty();
        }
    }

    /** How protocol lines leave. */
    interface Lines {
        /**
         * @param line a whole line
         * @param trace true to trace it (nats-server traces RS+/RS-/A+/A-, never INFO)
         */
        void send(String line, boolean trace);

        /** @param account an account switched: INFO gateway_cmd 2 */
        void startSwitch(String account);

        /** @param account its subscriptions sent: INFO gateway_cmd 3 */
        void completeSwitch(String account);
    }

    private final Lines out;
    /**
     * With a system account, nats-server 2.9.10 gives every account service imports of the
     * system's requests, whose subscriptions count: an existing account then always "has
     * subscriptions" and never gets an A-.
     */
    private final boolean systemImports;
    private final Map<String, Account> accounts = new HashMap<>();
    /** Accounts in the order they were first switched, for /gatewayz. */
    private final List<String> switched = new ArrayList<>();
    private boolean registered;

    /**
     * @param out where lines go
     * @param systemImports true when the server has a system account
     */
    InboundInterest(Lines out, boolean systemImports) {
        this.out = out;
        this.systemImports = systemImports;
    }

    private Account account(String name) {
        return accounts.computeIfAbsent(name, n -> new Account());
    }

    /**
     * The connection registered, the kernel's interest replayed: sends every queue group, then
     * switches every account to interest-only mode, as nats-server does at registration.
     *
     * @param accountNames the server's accounts
     * @param batch runs the dump with lines held, to go out as one write
     */
    synchronized void register(List<String> accountNames, Consumer<Runnable> batch) {
        batch.accept(() -> {
            for (Map.Entry<String, Account> e : accounts.entrySet()) {
                for (String q : e.getValue().queues) {
                    out.send("RS+ " + e.getKey() + " " + q + " 1\r\n", false);
                }
            }
            Set<String> names = new LinkedHashSet<>(accountNames);
            names.addAll(accounts.keySet());
            for (String name : names) {
                switchAccount(name, account(name));
            }
            registered = true;
        });
    }

    /**
     * An account the server created after registration (operator mode): switched to
     * interest-only mode at once, as nats-server 2.9.10 switches an account it registers.
     *
     * @param name the account's name
     */
    synchronized void accountAdded(String name) {
        if (!registered) {
            return; // registration switches every account it finds
        }
        Account a = account(name);
        if (a.mode != Mode.INTEREST_ONLY) {
            switchAccount(name, a);
        }
    }

    /** A plain subject gained its first subscription in the cluster, or a queue group its first member. */
    synchronized void interest(String name, String subject, String queue) {
        Account a = account(name);
        if (queue != null) {
            if (!a.queues.add(subject + " " + queue) || !registered) {
                return;
            }
            if (a.mode == Mode.ACCOUNT_NO_INTEREST) {
                // nats-server forgets its A- without A+: the queue's RS+ says enough.
                a.mode = Mode.NONE;
            }
            out.send("RS+ " + name + " " + subject + " " + queue + " 1\r\n", true);
            return;
        }
        if (!a.plain.add(subject) || !registered) {
            return;
        }
        switch (a.mode) {
            case ACCOUNT_NO_INTEREST -> {
                a.mode = Mode.NONE;
                out.send("A+ " + name + "\r\n", true);
            }
            case OPTIMISTIC -> {
                boolean cleared;
                if (Subjects.hasWildcard(subject)) {
                    cleared = a.noInterest.removeIf(s -> Subjects.matches(subject, s));
                } else {
                    cleared = a.noInterest.remove(subject);
                }
                if (cleared) {
                    out.send("RS+ " + name + " " + subject + "\r\n", true);
                }
            }
            case INTEREST_ONLY -> out.send("RS+ " + name + " " + subject + "\r\n", true);
            case NONE -> { }
        }
    }

    /** A plain subject lost its last subscription in the cluster, or a queue group its last member. */
    synchronized void noInterest(String name, String subject, String queue) {
        Account a = accounts.get(name);
        if (a == null) {
            return;
        }
        if (queue != null) {
            if (a.queues.remove(subject + " " + queue) && registered) {
                out.send("RS- " + name + " " + subject + " " + queue + "\r\n", true);
            }
            return;
        }
        if (a.plain.remove(subject) && registered && a.mode == Mode.INTEREST_ONLY) {
            out.send("RS- " + name + " " + subject + "\r\n", true);
        }
    }

    /**
     * A message nothing in this cluster subscribes to plainly (it may still have gone to a
     * queue group it named).
     *
     * @param name its account, null when this server has none of that name
     * @param unknownName the account name as sent, when {@code name} is null
     * @param subject its subject
     */
    synchronized void unwanted(String name, String unknownName, String subject) {
        if (name == null) {
            Account a = account(unknownName);
            if (!a.hasSubscriptions()) {
                accountNoInterest(unknownName, a);
            }
            return;
        }
        Account a = account(name);
        if (!a.hasSubscriptions() && !systemImports) {
            accountNoInterest(name, a);
            return;
        }
        switch (a.mode) {
            case NONE, ACCOUNT_NO_INTEREST -> {
                a.mode = Mode.OPTIMISTIC;
                a.noInterest = new HashSet<>();
                a.noInterest.add(subject);
                out.send("RS- " + name + " " + subject + "\r\n", true);
            }
            case OPTIMISTIC -> {
                if (a.noInterest.contains(subject)) {
                    return;
                }
                if (a.noInterest.size() >= MAX_NO_INTEREST) {
                    switchAccount(name, a);
                    return;
                }
                a.noInterest.add(subject);
                out.send("RS- " + name + " " + subject + "\r\n", true);
            }
            case INTEREST_ONLY -> { }
        }
    }

    /** @return true when the subject may need an answer (the account is not interest-only) */
    synchronized boolean answers(String name) {
        Account a = accounts.get(name);
        return a == null || a.mode != Mode.INTEREST_ONLY || (!a.hasSubscriptions() && !systemImports);
    }

    private void accountNoInterest(String name, Account a) {
        if (a.mode != Mode.ACCOUNT_NO_INTEREST) {
            a.mode = Mode.ACCOUNT_NO_INTEREST;
            a.noInterest = null;
            out.send("A- " + name + "\r\n", true);
        }
    }

    private void switchAccount(String name, Account a) {
        a.mode = Mode.INTEREST_ONLY;
        a.noInterest = null;
        if (!switched.contains(name)) {
            switched.add(name);
        }
        out.startSwitch(name);
        for (String subject : a.plain) {
            out.send("RS+ " + name + " " + subject + "\r\n", false);
        }
        out.completeSwitch(name);
    }

    /**
     * @return per account told anything (nats-server's {@code insim}), its mode as /gatewayz
     *         names it and the subjects answered with RS- (name to {mode, count})
     */
    synchronized Map<String, Object[]> report() {
        Map<String, Object[]> m = new java.util.LinkedHashMap<>();
        for (String name : switched) {
            m.put(name, null);
        }
        for (Map.Entry<String, Account> e : accounts.entrySet()) {
            Account a = e.getValue();
            switch (a.mode) {
                case NONE -> m.remove(e.getKey());
                case ACCOUNT_NO_INTEREST -> m.put(e.getKey(), new Object[] {"Optimistic", 0});
                case OPTIMISTIC -> m.put(e.getKey(), new Object[] {"Optimistic", a.noInterest.size()});
                case INTEREST_ONLY -> m.put(e.getKey(), new Object[] {"Interest-Only", 0});
            }
        }
        return m;
    }

    /** @return the queue groups announced, for /gatewayz */
    synchronized int queueGroups() {
        int n = 0;
        for (Account a : accounts.values()) {
            n += a.queues.size();
        }
        return n;
    }
}
