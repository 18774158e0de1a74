package io.natsj.kernel.imports;

import io.natsj.kernel.client.Subscriber;
import io.natsj.kernel.subject.Subscription;

/**
 * What every subscriber that carries an import has in common: no auto-unsubscribe limit, and
 * it is an import, so that a message that crossed one never crosses another.
 */
abstract class ImportSubscriber implements Subscriber {

    @Override
    public final void autoUnsubscribe(Subscription sub) {
        // Import subscriptions carry no limit.
    }

    @Override
    public final boolean isImport() {
        return true;
    }
}
