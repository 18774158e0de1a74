/**
 * Token and user/password authentication.
 */
module io.natsj.auth.token {
    requires io.natsj.spi;
    requires org.bouncycastle.provider;

    provides io.natsj.spi.auth.AuthenticatorProvider
        with io.natsj.auth.token.TokenAuthenticatorProvider;
}
