/**
 * NKeys, the Ed25519 keys NATS uses for identities: decoding and encoding their base32 text
 * form (public keys {@code N…}, {@code C…}, {@code O…}, {@code A…}, {@code U…} and seeds
 * {@code S…}), creating new ones, and signing and verifying with them.
 *
 * <p>{@link io.natsj.nkeys.NKey} is the entry point; everything that is wrong with a key text
 * is reported as an {@link io.natsj.nkeys.NKeyException}.
 */
package io.natsj.nkeys;
