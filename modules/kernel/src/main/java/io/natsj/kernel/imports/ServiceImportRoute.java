package io.natsj.kernel.imports;

import io.natsj.kernel.account.Account;
import io.natsj.kernel.account.Export;
import io.natsj.kernel.client.ClientConnection;
import io.natsj.kernel.client.FlushSet;
import io.natsj.kernel.client.InboundMessage;
import io.natsj.kernel.client.Republisher;
import io.natsj.kernel.subject.SubjectTransform;
import io.natsj.kernel.subject.Subscription;
import java.util.concurrent.TimeUnit;

/**
 * A service import: subscribed in the importing account on the local subject, it
 * republishes each request in the exporting account under the exported subject, with a
 * fresh {@code _R_} reply subject that leads the responses back to the requester's reply.
 */
final class ServiceImportRoute extends ImportSubscriber {

    private final Account importer;
    private final Account exporter;
    private final Export export;
    private final ServiceResponses responses;
    private final SubjectTransform transform;
    private final boolean sameSubject;
    private final LatencyReporter latency;
    private final boolean share;

    ServiceImportRoute(Account importer, Account exporter, Export export, ServiceResponses responses,
                       String local, String subject, LatencyReporter latency, boolean share) {
        this.latency = latency;
        this.share = share;
        this.importer = importer;
        this.exporter = exporter;
        this.export = export;
        this.responses = responses;
        this.sameSubject = local.equals(subject);
        this.transform = sameSubject ? null : SubjectTransform.of(local, subject);
    }

    @Override
    public boolean deliver(Subscription sub, InboundMessage m, FlushSet flushes) {
        String local = Republisher.subject(m);
        String subject = sameSubject ? local : transform.apply(local);
        String reply = Republisher.reply(m);
        String mapped = null;
        if (reply != null) {
            LatencyTracking tracking = export.latency() == null ? null
                    : latency.start(exporter, importer, export.latency(), share, m);
            mapped = responses.open(importer, reply, export.responseType(), export.responseThreshold(), tracking);
            ClientConnection requestor = tracking == null ? null : Republisher.connection(m);
            if (requestor != null) {
                String way = mapped;
                requestor.channel().eventLoop().schedule(() -> responses.expire(way),
                        export.responseThreshold().toNanos(), TimeUnit.NANOSECONDS);
            }
        } else if (export.latency() != null) {
            latency.badRequest(exporter, importer, export.latency(), share, m);
        }
        boolean delivered = Republisher.republish(exporter, subject, mapped, m, flushes);
        if (!delivered && mapped != null) {
            responses.close(mapped);
        }
        return true;
    }

    @Override
    public String toString() {
        return "ServiceImport[" + importer.name() + " -> " + exporter.name() + "]";
    }
}
