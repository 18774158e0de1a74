package io.natsj.nkeys;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * An NKey pair: an Ed25519 key with a NATS role ({@link NKeyType}), known by its seed. It signs;
 * anyone holding only the public key text verifies with {@link #verify(String, byte[], byte[])}.
 *
 * <p>Instances are immutable and safe to share between threads. {@link #toString()} shows the
 * public key only, so an NKey can be logged without leaking its seed.
 */
public final class NKey {

    private final NKeyType type;
    private final Ed25519PrivateKeyParameters privateKey;
    private final String publicKey;

    private NKey(NKeyType type, Ed25519PrivateKeyParameters privateKey) {
        this.type = type;
        this.privateKey = privateKey;
        this.publicKey = NKeyCodec.encodePublicKey(type, privateKey.generatePublicKey().getEncoded());
    }

    /**
     * @param seed a seed such as {@code SUAPCD…} (58 characters)
     * @return the key pair it stands for
     * @throws NKeyException when the text is not a valid seed
     */
    public static NKey fromSeed(String seed) {
        NKeyCodec.Decoded decoded = NKeyCodec.decodeSeed(seed);
        try {
            return new NKey(decoded.type(), new Ed25519PrivateKeyParameters(decoded.key(), 0));
        } finally {
            Arrays.fill(decoded.key(), (byte) 0);
        }
    }

    /**
     * Computes the curve tables that making and using keys needs, once per process; a server
     * calls it on a spare thread at start so that its identity key is quick to make later.
     * Calling it is never required.
     */
    public static void prepare() {
        org.bouncycastle.math.ec.rfc8032.Ed25519.precompute();
    }

    /**
     * @param type the role of the new key
     * @return a new random key pair
     */
    public static NKey create(NKeyType type) {
        Objects.requireNonNull(type, "type");
        byte[] seed = new byte[Ed25519PrivateKeyParameters.KEY_SIZE];
        Entropy.fill(seed);
        try {
            return new NKey(type, new Ed25519PrivateKeyParameters(seed, 0));
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /** @return the public key, for example {@code N…} for a server (56 characters) */
    public String publicKey() {
        return publicKey;
    }

    /** @return the seed, {@code S} then the type's prefix (58 characters); keep it secret */
    public String seed() {
        return NKeyCodec.encodeSeed(type, privateKey.getEncoded());
    }

    /** @return the key's role */
    public NKeyType type() {
        return type;
    }

    /**
     * @param data the bytes to sign, for example the nonce a server sent in {@code INFO}
     * @return the 64-byte Ed25519 signature
     */
    public byte[] sign(byte[] data) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        signer.update(data, 0, data.length);
        return signer.generateSignature();
    }

    /**
     * Checks an Ed25519 signature against a public key in NKey text form.
     *
     * @param publicKey the signer's public key, of any supported type
     * @param data the bytes that were signed
     * @param signature the raw 64-byte signature (see {@link #decodeSignature(String)})
     * @return true when the signature is valid; false when it is not, including when it has the
     *         wrong length or the key is not a point on the curve
     * @throws NKeyException when {@code publicKey} is not a valid NKey public key
     */
    public static boolean verify(String publicKey, byte[] data, byte[] signature) {
        NKeyCodec.Decoded decoded = NKeyCodec.decodePublicKey(publicKey);
        if (data == null || signature == null
                || signature.length != Ed25519PrivateKeyParameters.SIGNATURE_SIZE) {
            return false;
        }
        try {
            Ed25519Signer verifier = new Ed25519Signer();
            verifier.init(false, new Ed25519PublicKeyParameters(decoded.key(), 0));
            verifier.update(data, 0, data.length);
            return verifier.verifySignature(signature);
        } catch (IllegalArgumentException notOnCurve) {
            // BouncyCastle rejects bytes that are not a curve point; such a key verifies nothing.
            return false;
        }
    }

    /**
     * @param key text that should be a public key
     * @param expected the role it must have, or {@code null} to accept any supported role
     * @return true when {@code key} is a well-formed public key of that role
     */
    public static boolean isValidPublicKey(String key, NKeyType expected) {
        try {
            NKeyType actual = NKeyCodec.decodePublicKey(key).type();
            return expected == null || actual == expected;
        } catch (NKeyException invalid) {
            return false;
        }
    }

    /**
     * @param key a public key
     * @return its role
     * @throws NKeyException when {@code key} is not a valid public key
     */
    public static NKeyType typeOfPublicKey(String key) {
        return NKeyCodec.decodePublicKey(key).type();
    }

    /**
     * Decodes a signature as clients send it in {@code CONNECT}'s {@code sig} field: base64url
     * without padding, which is what the NATS clients produce, or standard base64 (with or
     * without padding), which some older clients sent.
     *
     * @param signature the signature text
     * @return the raw signature bytes
     * @throws NKeyException when the text is not base64 of either kind
     */
    public static byte[] decodeSignature(String signature) {
        if (signature == null || signature.isEmpty()) {
            throw new NKeyException("invalid signature: it is empty");
        }
        int end = signature.length();
        while (end > 0 && signature.charAt(end - 1) == '=') {
            end--;
        }
        // Mapping the standard alphabet onto the URL one lets a single decoder take both forms.
        String urlForm = signature.substring(0, end).replace('+', '-').replace('/', '_');
        try {
            return Base64.getUrlDecoder().decode(urlForm);
        } catch (IllegalArgumentException e) {
            throw new NKeyException("invalid signature: not base64 (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public String toString() {
        return "NKey[" + type + " " + publicKey + "]";
    }
}
