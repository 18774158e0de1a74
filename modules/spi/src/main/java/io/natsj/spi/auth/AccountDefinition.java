package io.natsj.spi.auth;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What an account holds besides its users, as an authenticator that resolves accounts
 * ({@link Authenticator#resolvesAccounts()}) declares it: the streams and services it exports,
 * the ones it imports, and the settings service plugins read from an account
 * ({@code jetstream}). Operator mode builds it from the account JWT. The kernel applies it as
 * it applies a configured account's {@code exports}, {@code imports} and account block, so
 * both kinds of accounts deliver across accounts the same way.
 *
 * <p>Imports arrive already authorized: checking that the exporter allows them (public
 * export, activation token, revocations) is the authenticator's business, because only it can
 * read the tokens. The kernel still needs the exporter to declare a matching export (for a
 * service, its response type and threshold); an import without one is not installed.
 *
 * @param exports what the account offers other accounts
 * @param imports what it takes from other accounts, each authorized
 * @param settings the account's settings for service plugins, as a configured account block
 *        holds them (e.g. {@code jetstream { max_mem, max_file, max_streams, max_consumers }});
 *        empty when it has none
 */
public record AccountDefinition(List<Export> exports, List<Import> imports, ConfigObject settings) {

    /** An account with no exports, imports or settings. */
    public static final AccountDefinition EMPTY =
            new AccountDefinition(List.of(), List.of(), ConfigFactory.empty().root());

    /** Copies the lists; rejects nulls. */
    public AccountDefinition {
        exports = List.copyOf(exports);
        imports = List.copyOf(imports);
        Objects.requireNonNull(settings, "settings");
    }

    /**
     * One export.
     *
     * @param service true for a service, false for a stream
     * @param subject the exported subject, wildcards allowed
     * @param responseType for a service: nats-server's {@code Singleton}, {@code Stream} or
     *        {@code Chunked} (case does not matter); ignored for a stream
     * @param responseThreshold for a service, how long the way back to a requester is kept;
     *        null for nats-server's default (2 minutes)
     * @param latency for a service, its latency tracking (an account JWT's
     *        {@code service_latency}); null when not tracked
     */
    public record Export(boolean service, String subject, String responseType, Duration responseThreshold,
                         Latency latency) {

        /** Rejects a null subject. */
        public Export {
            Objects.requireNonNull(subject, "subject");
        }

        /**
         * An export without latency tracking.
         *
         * @param service true for a service, false for a stream
         * @param subject the exported subject
         * @param responseType the response type, or null
         * @param responseThreshold the response threshold, or null
         */
        public Export(boolean service, String subject, String responseType, Duration responseThreshold) {
            this(service, subject, responseType, responseThreshold, null);
        }
    }

    /**
     * Latency tracking of a service export: the kernel publishes nats-server's
     * {@code io.nats.server.metric.v1.service_latency} for measured requests. The kernel checks
     * it as nats-server 2.9.10 does (a singleton service, a literal results subject that is not
     * one of the account's services, a system account) and drops tracking it cannot apply,
     * logging why.
     *
     * @param sampling the percentage of requests measured, 1 to 100, or 0 to measure the
     *        requests whose tracing headers ask for it (nats-server's {@code "headers"})
     * @param results the subject in the exporting account the results are published to
     */
    public record Latency(int sampling, String results) {

        /** Rejects a null subject. */
        public Latency {
            Objects.requireNonNull(results, "results");
        }
    }

    /**
     * One import, already authorized by the exporter.
     *
     * @param service true for a service import, false for a stream import
     * @param account the exporting account's name
     * @param subject the subject in the exporting account
     * @param localSubject the subject in the importing account: a stream import's messages
     *        appear under it (a prefix already applied; wildcards map as {@code $N}
     *        transforms), a service import's requests are published to it; equal to
     *        {@code subject} when not remapped
     * @param share for a service import, whether the exporter may see who asked (an import's
     *        {@code share}): the requestor's details in latency metrics
     */
    public record Import(boolean service, String account, String subject, String localSubject, boolean share) {

        /** Rejects nulls. */
        public Import {
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(localSubject, "localSubject");
        }

        /**
         * An import that shares nothing.
         *
         * @param service true for a service import
         * @param account the exporting account's name
         * @param subject the subject in the exporting account
         * @param localSubject the subject in the importing account
         */
        public Import(boolean service, String account, String subject, String localSubject) {
            this(service, account, subject, localSubject, false);
        }
    }
}
