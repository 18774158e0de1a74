package io.natsj.kernel.imports;

import io.natsj.kernel.account.Account;
import io.natsj.kernel.account.Accounts;
import io.natsj.kernel.account.Export;
import io.natsj.kernel.account.Import;
import io.natsj.kernel.subject.Subscription;
import java.util.HashMap;
import java.util.Map;

/**
 * Places the subscriptions that carry every configured import: a stream import's in the
 * exporting account, a service import's in the importing account, and one response
 * subscription per account that exports a service someone imports.
 */
public final class AccountImports {

    private final Map<Account, ServiceResponses> responses = new HashMap<>();

    private AccountImports() {
    }

    /**
     * @param accounts the accounts, their imports already checked against the exports
     */
    public static void install(Accounts accounts) {
        AccountImports installed = new AccountImports();
        int sid = 0;
        for (Account importer : accounts.all()) {
            for (Import imp : importer.imports()) {
                Account exporter = accounts.get(imp.exporter());
                String id = "import-" + (++sid);
                if (imp.service()) {
                    Export export = exportFor(exporter, importer, imp);
                    ServiceResponses back = installed.responsesOf(exporter);
                    var route = new ServiceImportRoute(importer, exporter, export, back, imp.local(), imp.subject());
                    installed.add(importer, new Subscription(route, imp.local(), null, id));
                } else {
                    var route = new StreamImportRoute(importer, imp.subject(), imp.local());
                    installed.add(exporter, new Subscription(route, imp.subject(), null, id));
                }
            }
        }
    }

    private static Export exportFor(Account exporter, Account importer, Import imp) {
        Export best = null;
        for (Export x : exporter.exports()) {
            if (x.service() && x.permits(importer.name(), imp.subject())
                    && (best == null || x.subject().equals(imp.subject()))) {
                best = x;
            }
        }
        if (best == null) {
            throw new IllegalStateException("unchecked import " + imp);
        }
        return best;
    }

    private ServiceResponses responsesOf(Account exporter) {
        return responses.computeIfAbsent(exporter, acc -> {
            ServiceResponses back = new ServiceResponses();
            add(acc, new Subscription(back, back.wildcard(), null, "responses"));
            return back;
        });
    }

    private void add(Account account, Subscription sub) {
        account.index().insert(sub);
    }
}
