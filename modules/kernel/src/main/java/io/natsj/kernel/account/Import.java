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
 */
public record Import(boolean service, String exporter, String subject, String local) {
}
