package io.natsj.tests.support;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

/**
 * X.509 certificates made at test time (EC P-256, SHA-256), for validity periods no file in
 * the resources can have: a client certificate that expires seconds from now. The JDK has no
 * public certificate builder, so the DER is written here; it is the minimum both the JDK's PKIX
 * checks and Go's crypto/x509 accept for a CA and a client certificate.
 */
public final class TestCertificates {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final String ECDSA_SHA256 = "1.2.840.10045.4.3.2";

    /** A certificate with its private key. */
    public record Issued(X509Certificate certificate, PrivateKey key) {

        /** @return the certificate as a PEM block */
        public String pem() {
            try {
                return "-----BEGIN CERTIFICATE-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                                .encodeToString(certificate.getEncoded())
                        + "\n-----END CERTIFICATE-----\n";
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private TestCertificates() {
    }

    /**
     * @param name the CA's common name
     * @return a self-signed CA valid from an hour ago for a day
     */
    public static Issued authority(String name) {
        KeyPair keys = newKeys();
        Instant now = Instant.now();
        byte[] extensions = seq(
                extension("2.5.29.19", true, seq(bool(true))),                          // basicConstraints CA
                extension("2.5.29.15", true, bitString(new byte[] {0x06}, 1)));         // keyCertSign, cRLSign
        return sign(name, name, keys, keys.getPrivate(), now.minusSeconds(3600), now.plusSeconds(86400), extensions);
    }

    /**
     * @param name the client's common name
     * @param issuer the CA that signs it
     * @param notAfter the end of its validity (second precision)
     * @return a client certificate valid from a minute ago until {@code notAfter}
     */
    public static Issued client(String name, Issued issuer, Instant notAfter) {
        KeyPair keys = newKeys();
        byte[] extensions = seq(
                extension("2.5.29.15", true, bitString(new byte[] {(byte) 0x80}, 7)),   // digitalSignature
                extension("2.5.29.37", false, seq(oid("1.3.6.1.5.5.7.3.2"))));          // clientAuth
        String issuerName = issuer.certificate().getSubjectX500Principal().getName().substring("CN=".length());
        return sign(name, issuerName, keys, issuer.key(), Instant.now().minusSeconds(60), notAfter, extensions);
    }

    private static KeyPair newKeys() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Issued sign(String subject, String issuer, KeyPair keys, PrivateKey signer, Instant notBefore,
                               Instant notAfter, byte[] extensions) {
        byte[] algorithm = seq(oid(ECDSA_SHA256));
        byte[] tbs = seq(
                tlv(0xA0, integer(BigInteger.TWO)),                                     // v3
                integer(new BigInteger(63, RANDOM).add(BigInteger.ONE)),
                algorithm,
                name(issuer),
                seq(tlv(0x17, ascii(UTC_TIME.format(notBefore))), tlv(0x17, ascii(UTC_TIME.format(notAfter)))),
                name(subject),
                keys.getPublic().getEncoded(),                                          // SubjectPublicKeyInfo
                tlv(0xA3, extensions));
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(signer);
            s.update(tbs);
            byte[] der = seq(tbs, algorithm, bitString(s.sign(), 0));
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            return new Issued(cert, keys.getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] name(String commonName) {
        return seq(set(seq(oid("2.5.4.3"), tlv(0x0C, commonName.getBytes(StandardCharsets.UTF_8)))));
    }

    private static byte[] extension(String id, boolean critical, byte[] value) {
        return critical ? seq(oid(id), bool(true), tlv(0x04, value)) : seq(oid(id), tlv(0x04, value));
    }

    private static byte[] bool(boolean value) {
        return tlv(0x01, new byte[] {(byte) (value ? 0xFF : 0)});
    }

    private static byte[] integer(BigInteger value) {
        return tlv(0x02, value.toByteArray());
    }

    private static byte[] bitString(byte[] bits, int unusedBits) {
        byte[] content = new byte[bits.length + 1];
        content[0] = (byte) unusedBits;
        System.arraycopy(bits, 0, content, 1, bits.length);
        return tlv(0x03, content);
    }

    private static byte[] oid(String dotted) {
        String[] parts = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Integer.parseInt(parts[0]) * 40 + Integer.parseInt(parts[1]));
        for (int i = 2; i < parts.length; i++) {
            long v = Long.parseLong(parts[i]);
            int groups = 1;
            while ((v >> (7 * groups)) != 0) {
                groups++;
            }
            for (int g = groups - 1; g >= 0; g--) {
                out.write((int) ((v >> (7 * g)) & 0x7F) | (g > 0 ? 0x80 : 0));
            }
        }
        return tlv(0x06, out.toByteArray());
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] seq(byte[]... parts) {
        return tlv(0x30, concat(parts));
    }

    private static byte[] set(byte[]... parts) {
        return tlv(0x31, concat(parts));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = n > 0xFFFF ? 3 : n > 0xFF ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write((n >> (8 * i)) & 0xFF);
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }
}
