package io.natsj.kernel.account;

/**
 * What an account takes from another: a stream (messages the exporter publishes appear in
 * the importer) or a service (requests published in the importer reach the exporter's
 * responders, and their responses come back).
 *
 * @param service true for a service import, false for a stream import
 * @param exporter the exporting account's name
 * @param subject the subject in the exporter
 * @param local the subject in the importer: a stream's {@code prefix}/{@code to} applied, or
 *        a service's {@code to}; equal to {@code subject} when not remapped
 * @param share for a service, whether the exporter may see who asked ({@code share: true}):
 *        the requestor's details in latency metrics
 */
public record Import(boolean service, String exporter, String subject, String local, boolean share) {

    /**
     * An import that shares nothing.
     *
     * @param service true for a service import
     * @param exporter the exporting account's name
     * @param subject the subject in the exporter
     * @param local the subject in the importer
     */
    public Import(boolean service, String exporter, String subject, String local) {
        this(service, exporter, subject, local, false);
    }
}
