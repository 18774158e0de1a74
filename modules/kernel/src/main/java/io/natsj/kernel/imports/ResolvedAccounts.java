package io.natsj.kernel.imports;

import io.natsj.kernel.account.Account;
import io.natsj.kernel.account.Accounts;
import io.natsj.kernel.account.Export;
import io.natsj.kernel.account.Import;
import io.natsj.kernel.account.ResponseType;
import io.natsj.kernel.account.ServiceLatency;
import io.natsj.spi.auth.AccountDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Applies the definitions of accounts an authenticator resolves (operator mode: exports,
 * imports and JetStream settings from account JWTs) the way configured accounts' are applied:
 * the same {@link Export}/{@link Import} records on the account, the same import
 * subscriptions from {@link AccountImports}. An account is defined once, when the kernel first
 * needs it (its first user, or an import from it); an exporter is defined before the imports
 * that read its exports are placed. A redefinition replaces the account's import
 * subscriptions and re-places the imports of every account that imports from it.
 *
 * <p>Rare (first use of an account, a JWT update) and never on a message path, so one lock
 * serializes it.
 */
public final class ResolvedAccounts {

    private static final System.Logger LOG = System.getLogger("io.natsj.kernel");

    private final Accounts accounts;
    private final AccountImports placer;
    private final Function<String, Optional<AccountDefinition>> definer;
    private final Consumer<Account> defined;
    // Read without the lock on every CONNECT of a resolved account, so that only the first
    // user of an account waits for it to be defined.
    private final Set<String> done = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Accounts whose definition has begun (under the lock): stops an import cycle recursing. */
    private final Set<String> started = new java.util.HashSet<>();
    private final Map<String, List<AccountImports.Placed>> placed = new HashMap<>();

    /**
     * @param accounts the server's accounts
     * @param placer the import placer configured accounts used
     * @param definer asks the resolving authenticator for an account's definition
     * @param defined told of every account (re)defined, after its imports are placed (services)
     */
    public ResolvedAccounts(Accounts accounts, AccountImports placer,
                            Function<String, Optional<AccountDefinition>> definer, Consumer<Account> defined) {
        this.accounts = accounts;
        this.placer = placer;
        this.definer = definer;
        this.defined = defined;
    }

    /**
     * Defines an account the first time it is needed; later calls do nothing.
     *
     * @param account an account an authenticator resolved
     */
    public void define(Account account) {
        if (done.contains(account.name())) {
            return;
        }
        synchronized (this) {
            if (!started.contains(account.name())) {
                apply(account);
            }
        }
    }

    /**
     * Finds an account a peer named (a route's RS+ or RMSG, a gateway's, a leaf remote's
     * bound account): an account the server has is returned as it is; one it lacks is created
     * and defined when the authenticator can define it (its JWT resolves and is trusted), as
     * nats-server looks an account up when a route message names it. Nothing is created for a
     * name the authenticator does not know, so a peer cannot fill the server with accounts.
     *
     * @param name an account name as a peer sent it
     * @return the account, or null when the server neither has nor can resolve it
     */
    public Account resolve(String name) {
        Account existing = accounts.get(name);
        if (existing != null) {
            return existing;
        }
        synchronized (this) {
            existing = accounts.get(name);
            if (existing != null) {
                return existing;
            }
            Optional<AccountDefinition> def = definer.apply(name);
            if (def.isEmpty()) {
                return null;
            }
            Account account = accounts.add(name);
            apply(account, def.get());
            return account;
        }
    }

    /**
     * {@link #resolve}, and when that finds nothing, the authenticator's lookup of the account
     * from the network (a directory resolver's cluster), after which it is resolved again.
     *
     * @param name an account name as a peer sent it
     * @param lookup starts the authenticator's lookup, empty when it has none for the name
     * @return completed at once with the account or null, or completing on the lookup's
     *         thread with the account, or null when it is still not to be had
     */
    public java.util.concurrent.CompletionStage<Account> resolveLater(String name,
            Function<String, Optional<java.util.concurrent.CompletionStage<Boolean>>> lookup) {
        Account found = resolve(name);
        if (found != null) {
            return java.util.concurrent.CompletableFuture.completedFuture(found);
        }
        Optional<java.util.concurrent.CompletionStage<Boolean>> asked = lookup.apply(name);
        if (asked.isEmpty()) {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
        // Resolved again whatever the answer: the JWT may have been pushed meanwhile.
        return asked.get().handle((ok, error) -> {
            try {
                return resolve(name);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "account " + name + ": " + e);
                return null;
            }
        });
    }

    /**
     * Redefines an account that was defined, then every other defined account whose
     * definition imports from it: those it imported from before (an export withdrawn or an
     * activation revoked ends the import) and those that only now may (nats-server re-reads
     * the accounts whose imports were incomplete).
     *
     * @param name the account's name
     */
    public synchronized void changed(String name) {
        Account account = accounts.get(name);
        if (account == null || !started.contains(name)) {
            return;
        }
        apply(account);
        for (Account a : accounts.all()) {
            if (a == account || !started.contains(a.name())) {
                continue;
            }
            boolean imported = a.imports().stream().anyMatch(i -> i.exporter().equals(name));
            // Asked again rather than only re-placed: whether an import is authorized is the
            // authenticator's to decide.
            AccountDefinition def = ask(a);
            if (imported || def.imports().stream().anyMatch(i -> i.account().equals(name))) {
                apply(a, def);
            }
        }
    }

    private AccountDefinition ask(Account account) {
        return definer.apply(account.name()).orElse(AccountDefinition.EMPTY);
    }

    private void apply(Account account) {
        apply(account, ask(account));
    }

    private void apply(Account account, AccountDefinition def) {
        started.add(account.name());
        List<Export> exports = new ArrayList<>();
        for (AccountDefinition.Export x : def.exports()) {
            ResponseType type;
            try {
                type = x.responseType() == null ? ResponseType.SINGLETON : ResponseType.parse(x.responseType());
            } catch (IllegalArgumentException e) {
                LOG.log(System.Logger.Level.WARNING, "account " + account.name() + ": export " + x.subject()
                        + ": " + e.getMessage());
                continue;
            }
            ServiceLatency latency = x.latency() == null ? null
                    : new ServiceLatency(x.latency().sampling(), x.latency().results());
            // Who may import is the authenticator's business: it hands over only approved imports.
            exports.add(new Export(x.service(), x.subject(), Set.of(), type,
                    x.responseThreshold() == null ? Export.DEFAULT_RESPONSE_THRESHOLD : x.responseThreshold(),
                    0, latency));
        }
        // As nats-server 2.9.10 does for a JWT export, tracking that cannot be applied is
        // dropped with a log line and the export kept.
        for (int i = 0; i < exports.size(); i++) {
            Export e = exports.get(i);
            String problem = io.natsj.kernel.account.AccountLinks.latencyProblem(exports, e);
            if (problem == null && e.latency() != null && !placer.latencyEnabled()) {
                problem = "system account not setup";
            }
            if (problem != null) {
                LOG.log(System.Logger.Level.WARNING, "account " + account.name() + ": error adding latency tracking"
                        + " for service export " + e.subject() + ": " + problem);
                exports.set(i, new Export(e.service(), e.subject(), e.accounts(), e.responseType(),
                        e.responseThreshold(), e.accountTokenPosition(), null));
            }
        }
        List<Import> imports = new ArrayList<>();
        for (AccountDefinition.Import i : def.imports()) {
            imports.add(new Import(i.service(), i.account(), i.subject(), i.localSubject(), i.share()));
        }
        account.define(def.settings(), exports, imports);
        for (Import i : imports) {
            Account exporter = accounts.add(i.exporter());
            if (!started.contains(exporter.name())) {
                apply(exporter);
            }
        }
        List<AccountImports.Placed> old = placed.remove(account.name());
        if (old != null) {
            for (AccountImports.Placed p : old) {
                p.account().index().remove(p.subscription());
            }
        }
        placed.put(account.name(), placer.place(account, accounts));
        defined.accept(account);
        done.add(account.name());
    }
}
