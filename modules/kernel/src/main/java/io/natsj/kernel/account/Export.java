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
 * @param accountTokenPosition {@code account_token_position}: the 1-based token of an imported
 *        subject that must be the importing account's name; 0 when unset. When set it decides
 *        alone, whatever {@code accounts} says (nats-server's checkAuth)
 * @param latency for a service, its latency tracking; null when not tracked
 */
public record Export(boolean service, String subject, Set<String> accounts, ResponseType responseType,
                     Duration responseThreshold, int accountTokenPosition, ServiceLatency latency) {

    /** nats-server's default response threshold. */
    public static final Duration DEFAULT_RESPONSE_THRESHOLD = Duration.ofMinutes(2);

    /**
     * nats-server's checkStreamExportApproved/checkServiceExportApproved for one export that
     * covers the import: an import of exactly the exported subject is checked without its
     * tokens, so an export with a token position never approves it.
     *
     * @param importer the importing account's name
     * @param importSubject the subject it imports
     * @return true when this export lets that account import that subject
     */
    public boolean permits(String importer, String importSubject) {
        if (importSubject.equals(subject)) {
            return approves(importer, null);
        }
        return io.natsj.kernel.subject.SubjectTransform.isSubset(importSubject, subject)
                && approves(importer, importSubject.split("\\.", -1));
    }

    private boolean approves(String importer, String[] tokens) {
        if (accountTokenPosition > 0) {
            return tokens != null && accountTokenPosition <= tokens.length
                    && tokens[accountTokenPosition - 1].equals(importer);
        }
        return accounts.isEmpty() || accounts.contains(importer);
    }
}
