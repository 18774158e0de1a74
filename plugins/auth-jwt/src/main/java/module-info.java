/**
 * Decentralized authentication with operator, account and user JWTs (nats-server's operator
 * mode).
 */
module io.natsj.auth.jwt {
    requires io.natsj.spi;
    requires io.natsj.nkeys;
    requires com.fasterxml.jackson.databind;
    requires java.net.http;

    provides io.natsj.spi.auth.AuthenticatorProvider
        with io.natsj.auth.jwt.JwtAuthenticatorProvider;
}
