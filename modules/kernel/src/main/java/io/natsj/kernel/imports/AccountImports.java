package io.natsj.kernel.imports;

import io.natsj.kernel.account.Account;
import io.natsj.kernel.account.Accounts;
import io.natsj.kernel.account.Export;
import io.natsj.kernel.account.Import;
import io.natsj.kernel.subject.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Places the subscriptions that carry imports: a stream import's in the exporting account, a
 * service import's in the importing account, and one response subscription per account that
 * exports a service someone imports (kept for the server's life).
 */
public final class AccountImports {

    private static final System.Logger LOG = System.getLogger("io.natsj.kernel");

    /**
     * A subscription placed for an import.
     *
     * @param account the account whose index holds it
     * @param subscription the subscription
     */
    record Placed(Account account, Subscription subscription) {
    }

    private final Map<Account, ServiceResponses> responses = new ConcurrentHashMap<>();
    private final AtomicInteger sids = new AtomicInteger();
    private final LatencyReporter latency = new LatencyReporter();

    /**
     * Sets what service latency tracking needs from the server.
     *
     * @param serverName the server's name, for responders' client info
     * @param systemAccount the system account (nats-server refuses tracking without), or null
     */
    public void configureLatency(String serverName, Account systemAccount) {
        latency.configure(serverName, systemAccount);
    }

    /**
     * A subscription in {@code account} was removed by UNSUB.
     *
     * @see io.natsj.kernel.client.ClientServices#replyInterestEnded
     */
    public void replyInterestEnded(Account account, String subject) {
        latency.replyInterestEnded(account, subject);
    }

    /**
     * A local client answered a peer's tracked service request: sends the requestor's server
     * this server's half of the measurement.
     *
     * @see io.natsj.kernel.client.ClientServices#remoteLatency
     */
    public void remoteLatency(io.natsj.kernel.client.ClientConnection responder, String account, String reply,
                              long startNanos, long startEpochNanos) {
        latency.sendRemoteHalf(responder, account, reply, startNanos, startEpochNanos);
    }

    /** @return whether service exports may track latency (the server has a system account) */
    public boolean latencyEnabled() {
        return latency.enabled();
    }

    AccountImports() {
    }

    /**
     * Installs the imports of configured accounts.
     *
     * @param accounts the accounts, their imports already checked against the exports
     * @return the placer, which accounts resolved later share (one way back per exporter)
     */
    public static AccountImports install(Accounts accounts) {
        AccountImports installed = new AccountImports();
        for (Account importer : accounts.all()) {
            installed.place(importer, accounts);
        }
        return installed;
    }

    /**
     * Places the subscriptions of every import of one account. An import whose exporter does
     * not exist or declares no matching export is skipped and logged (checked configured
     * accounts never have one).
     *
     * @param importer the importing account
     * @param accounts where the exporters are
     * @return what was placed, to remove when the account is redefined
     */
    List<Placed> place(Account importer, Accounts accounts) {
        List<Placed> placed = new ArrayList<>();
        for (Import imp : importer.imports()) {
            Account exporter = accounts.get(imp.exporter());
            String id = "import-" + sids.incrementAndGet();
            if (exporter == null) {
                LOG.log(System.Logger.Level.WARNING, "account " + importer.name() + ": cannot locate account "
                        + imp.exporter() + " for import of " + imp.subject());
                continue;
            }
            try {
                if (imp.service()) {
                    Export export = exportFor(exporter, importer, imp);
                    if (export == null) {
                        LOG.log(System.Logger.Level.WARNING, "account " + importer.name() + ": account "
                                + exporter.name() + " exports no service " + imp.subject());
                        continue;
                    }
                    ServiceResponses back = responsesOf(exporter);
                    var route = new ServiceImportRoute(importer, exporter, export, back, imp.local(), imp.subject(),
                            latency, imp.share());
                    placed.add(add(importer, new Subscription(route, imp.local(), null, id)));
                } else {
                    var route = new StreamImportRoute(importer, imp.subject(), imp.local());
                    placed.add(add(exporter, new Subscription(route, imp.subject(), null, id)));
                }
            } catch (IllegalArgumentException badMapping) {
                // A subject transform the declaring authenticator did not check ($N out of range).
                LOG.log(System.Logger.Level.WARNING, "account " + importer.name() + ": import of " + imp.subject()
                        + " not added: " + badMapping.getMessage());
            }
        }
        return placed;
    }

    private static Export exportFor(Account exporter, Account importer, Import imp) {
        Export best = null;
        for (Export x : exporter.exports()) {
            if (x.service() && x.permits(importer.name(), imp.subject())
                    && (best == null || x.subject().equals(imp.subject()))) {
                best = x;
            }
        }
        return best;
    }

    private ServiceResponses responsesOf(Account exporter) {
        return responses.computeIfAbsent(exporter, acc -> {
            ServiceResponses back = new ServiceResponses(latency);
            acc.index().insert(new Subscription(back, back.wildcard(), null, "responses"));
            return back;
        });
    }

    private static Placed add(Account account, Subscription sub) {
        account.index().insert(sub);
        return new Placed(account, sub);
    }
}
