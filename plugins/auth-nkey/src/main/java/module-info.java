/**
 * NKey authentication.
 */
module io.natsj.auth.nkey {
    requires io.natsj.spi;
    requires io.natsj.nkeys;
}
