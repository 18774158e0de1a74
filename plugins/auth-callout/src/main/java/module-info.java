/**
 * Auth callout (nats-server 2.10+, ADR-26; config mode and account JWTs in operator mode):
 * clients not listed in {@code auth_users} are let
 * in or refused by an external service that answers signed authorization requests.
 */
module io.natsj.auth.callout {
    requires io.natsj.spi;
    requires io.natsj.nkeys;
    requires org.bouncycastle.provider;
    requires com.fasterxml.jackson.databind;

    provides io.natsj.spi.auth.AuthenticatorProvider
        with io.natsj.auth.callout.CalloutAuthenticatorProvider;
}
