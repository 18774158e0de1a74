/**
 * NKey authentication.
 */
module io.natsj.auth.nkey {
    requires io.natsj.spi;
    requires io.natsj.nkeys;

    provides io.natsj.spi.auth.AuthenticatorProvider
        with io.natsj.auth.nkey.NKeyAuthenticatorProvider;
}
