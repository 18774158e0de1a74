package io.natsj.kernel.account;

import java.time.Duration;
import java.util.Set;

/**
 * What an account offers to others: a stream it publishes or a service it answers.
 *
 * @param service true for a service export, false for a stream export
 * @param subject the exported subject, wildcards allowed
 * @param accounts the accounts allowed to import it; empty for a public export
 * @param responseType for a service, how many responses one request gets
 * @param responseThreshold for a service, how long the way back to a requester is kept
 * @param latency for a service, its latency tracking; null when not tracked
 */
public record Export(boolean service, String subject, Set<String> accounts, ResponseType responseType,
                     Duration responseThreshold, ServiceLatency latency) {

    /** nats-server's default response threshold. */
    public static final Duration DEFAULT_RESPONSE_THRESHOLD = Duration.ofMinutes(2);

    /**
     * @param importer the importing account's name
     * @param importSubject the subject it imports
     * @return true when this export lets that account import that subject
     */
    public boolean permits(String importer, String importSubject) {
        return (accounts.isEmpty() || accounts.contains(importer))
                && io.natsj.kernel.subject.SubjectTransform.isSubset(importSubject, subject);
    }
}
