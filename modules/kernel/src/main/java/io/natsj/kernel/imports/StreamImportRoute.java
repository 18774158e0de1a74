package io.natsj.kernel.imports;

import io.natsj.kernel.account.Account;
import io.natsj.kernel.client.FlushSet;
import io.natsj.kernel.client.InboundMessage;
import io.natsj.kernel.client.Republisher;
import io.natsj.kernel.subject.SubjectTransform;
import io.natsj.kernel.subject.Subscription;

/**
 * A stream import: subscribed in the exporting account on the imported subject, it
 * republishes each message in the importing account under the local subject (the import's
 * {@code prefix} or {@code to} applied). The reply subject travels unchanged.
 */
final class StreamImportRoute extends ImportSubscriber {

    private final Account importer;
    private final SubjectTransform transform;
    private final boolean sameSubject;

    StreamImportRoute(Account importer, String subject, String local) {
        this.importer = importer;
        this.sameSubject = subject.equals(local);
        this.transform = sameSubject ? null : SubjectTransform.of(subject, local);
    }

    @Override
    public boolean deliver(Subscription sub, InboundMessage m, FlushSet flushes) {
        String subject = Republisher.subject(m);
        String local = sameSubject ? subject : transform.apply(subject);
        Republisher.republish(importer, local, Republisher.reply(m), m, flushes);
        return true;
    }

    @Override
    public String toString() {
        return "StreamImport[into " + importer.name() + "]";
    }
}
