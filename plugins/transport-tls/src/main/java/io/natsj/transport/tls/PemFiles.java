package io.natsj.transport.tls;

import io.natsj.spi.PluginException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the PEM files a {@code tls} block names: certificate chains and private keys in the
 * encodings Go's {@code tls.LoadX509KeyPair} accepts (PKCS#8 with RSA, EC or Ed25519 keys,
 * PKCS#1 {@code RSA PRIVATE KEY}, SEC1 {@code EC PRIVATE KEY}).
 *
 * <p>The JDK only decodes PKCS#8, and Netty falls back to BouncyCastle's PKIX module for the
 * other two, which natsj does not ship; so PKCS#1 and SEC1 keys are re-wrapped into PKCS#8
 * here. Encrypted keys are refused, as nats-server refuses them.
 */
final class PemFiles {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

    private static final String RSA_OID = "1.2.840.113549.1.1.1";
    private static final String EC_OID = "1.2.840.10045.2.1";

    /** PKCS#8 algorithm OIDs to JDK key factory names. */
    private static final Map<String, String> KEY_ALGORITHMS = Map.of(
            RSA_OID, "RSA",
            "1.2.840.113549.1.1.10", "RSASSA-PSS",
            EC_OID, "EC",
            "1.3.101.112", "Ed25519",
            "1.3.101.113", "Ed448");

    private PemFiles() {
    }

    /** One PEM block: its label and decoded body; headers (RFC 1421) are kept to spot encryption. */
    private record Block(String type, byte[] der, boolean encrypted) {
    }

    /**
     * @param file a PEM file with one or more {@code CERTIFICATE} blocks
     * @param key the config key naming the file, for messages
     * @return the certificates in file order
     */
    static List<X509Certificate> certificates(Path file, String key) {
        List<X509Certificate> out = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block block : blocks(file, key)) {
                if (block.type().equals("CERTIFICATE")) {
                    out.add((X509Certificate) factory.generateCertificate(
                            new ByteArrayInputStream(block.der())));
                }
            }
        } catch (CertificateException e) {
            throw new PluginException(key + ": error parsing certificate in " + file + ": "
                    + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new PluginException(key + ": no certificate found in " + file);
        }
        return out;
    }

    /**
     * @param file a PEM file holding a private key (the first key block is used, as Go does)
     * @param key the config key naming the file, for messages
     * @return the decoded key
     */
    static PrivateKey privateKey(Path file, String key) {
        for (Block block : blocks(file, key)) {
            String type = block.type();
            if (!type.equals("PRIVATE KEY") && !type.endsWith(" PRIVATE KEY")) {
                continue;
            }
            if (block.encrypted() || type.equals("ENCRYPTED PRIVATE KEY")) {
                throw new PluginException(key + ": encrypted private keys are not supported ("
                        + file + ")");
            }
            try {
                return switch (type) {
                    case "PRIVATE KEY" -> pkcs8(block.der());
                    case "RSA PRIVATE KEY" -> pkcs8(wrap(Der.encode(Der.SEQUENCE,
                            Der.oid(RSA_OID), Der.encode(Der.NULL)), block.der()));
                    case "EC PRIVATE KEY" -> pkcs8(wrapSec1(block.der()));
                    default -> throw new PluginException(key + ": unsupported key type '" + type
                            + "' in " + file);
                };
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw new PluginException(key + ": error parsing private key in " + file + ": "
                        + e.getMessage(), e);
            }
        }
        throw new PluginException(key + ": no private key found in " + file);
    }

    /**
     * Fails unless {@code key} belongs to {@code certificate}, as Go's {@code X509KeyPair} does;
     * otherwise the mismatch would only show as failed handshakes.
     */
    static void checkPair(PrivateKey key, X509Certificate certificate, String where) {
        if (key instanceof RSAPrivateCrtKey rsa && certificate.getPublicKey() instanceof RSAPublicKey pub) {
            // The public half is inside an RSA private key: comparing it costs nothing, where a
            // trial signature costs a 2048-bit modPow in the interpreter at start-up (~25 ms).
            if (rsa.getModulus().equals(pub.getModulus()) && rsa.getPublicExponent().equals(pub.getPublicExponent())) {
                return;
            }
            throw mismatch(where);
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
            default -> null;
        };
        if (algorithm == null) {
            return;
        }
        try {
            byte[] probe = "natsj key pair check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException mismatch) {
            // A key of another type than the certificate's lands here: same verdict.
        }
        throw mismatch(where);
    }

    private static PluginException mismatch(String where) {
        return new PluginException(where + ": error parsing X509 certificate/key pair: "
                + "private key does not match public key");
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        List<Der.Element> fields = Der.parse(der).children();
        if (fields.size() < 3 || fields.get(1).tag() != Der.SEQUENCE) {
            throw new IllegalArgumentException("not a PKCS#8 PrivateKeyInfo");
        }
        String oid = fields.get(1).children().getFirst().oid();
        String algorithm = KEY_ALGORITHMS.get(oid);
        if (algorithm == null) {
            throw new IllegalArgumentException("unsupported key algorithm " + oid);
        }
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    /** SEC1 names its curve in the optional [0] field; PKCS#8 wants it in the algorithm. */
    private static byte[] wrapSec1(byte[] sec1) {
        Der.Element curve = null;
        for (Der.Element field : Der.parse(sec1).children()) {
            if (field.tag() == Der.CONTEXT_0) {
                curve = field.children().getFirst();
            }
        }
        if (curve == null || curve.tag() != Der.OID) {
            throw new IllegalArgumentException("EC key without a named curve");
        }
        return wrap(Der.encode(Der.SEQUENCE, Der.oid(EC_OID), Der.encode(curve)), sec1);
    }

    private static byte[] wrap(byte[] algorithmIdentifier, byte[] privateKey) {
        return Der.encode(Der.SEQUENCE, Der.encode(Der.INTEGER, new byte[] {0}),
                algorithmIdentifier, Der.encode(Der.OCTET_STRING, privateKey));
    }

    private static List<Block> blocks(Path file, String key) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new PluginException(key + ": open " + file + ": no such file or directory", e);
        } catch (IOException e) {
            throw new PluginException(key + ": can't read " + file + ": " + e.getMessage(), e);
        }
        List<Block> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String body = m.group(2);
            boolean encrypted = false;
            StringBuilder base64 = new StringBuilder();
            for (String line : body.split("\r?\n")) {
                if (line.contains(":")) {
                    encrypted |= line.startsWith("Proc-Type:") && line.contains("ENCRYPTED");
                    continue;
                }
                base64.append(line.strip());
            }
            try {
                out.add(new Block(m.group(1), Base64.getDecoder().decode(base64.toString()),
                        encrypted));
            } catch (IllegalArgumentException e) {
                throw new PluginException(key + ": bad PEM data in " + file + ": "
                        + e.getMessage(), e);
            }
        }
        return out;
    }
}
