/**
 * NKeys: NATS's Ed25519 keys in their base32 text form (public keys {@code N…}, {@code U…},
 * {@code A…}, seeds {@code S…}), and signing and verifying with them.
 */
module io.natsj.nkeys {
    requires org.bouncycastle.provider;

    exports io.natsj.nkeys;
}
