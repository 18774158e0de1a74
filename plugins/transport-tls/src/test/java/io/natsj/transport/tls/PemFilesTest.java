package io.natsj.transport.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.spi.PluginException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PEM keys in every encoding Go's tls.LoadX509KeyPair reads, and the errors for the rest. */
class PemFilesTest {

    private static void pair(String cert, String key, String algorithm) {
        List<X509Certificate> chain = PemFiles.certificates(TestCerts.path(cert), "cert_file");
        PrivateKey privateKey = PemFiles.privateKey(TestCerts.path(key), "key_file");
        assertEquals(algorithm, privateKey.getAlgorithm());
        PemFiles.checkPair(privateKey, chain.getFirst(), "tls");
    }

    @Test
    void pkcs8Rsa() {
        pair("server-cert.pem", "server-key.pem", "RSA");
    }

    @Test
    void pkcs1Rsa() {
        pair("ocsp/server-cert.pem", "ocsp/server-key.pem", "RSA");
    }

    @Test
    void sec1Ec() {
        pair("sec1/cert.pem", "sec1/key.pem", "EC");
    }

    @Test
    void pkcs8Ed25519() {
        pair("ed25519/benchmark-server-cert-ed25519.pem", "ed25519/benchmark-server-key-ed25519.pem", "EdDSA");
    }

    @Test
    void mismatchedPairIsRefused() {
        PrivateKey key = PemFiles.privateKey(TestCerts.path("client-key.pem"), "key_file");
        X509Certificate cert = PemFiles.certificates(TestCerts.path("server-cert.pem"), "cert_file").getFirst();
        PluginException e = assertThrows(PluginException.class, () -> PemFiles.checkPair(key, cert, "tls"));
        assertEquals("tls: error parsing X509 certificate/key pair: private key does not match public key",
                e.getMessage());
    }

    @Test
    void missingAndEncryptedFilesAreNamed(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nope.pem");
        assertTrue(assertThrows(PluginException.class,
                () -> PemFiles.certificates(missing, "tls.cert_file")).getMessage()
                .startsWith("tls.cert_file: open " + missing));
        Path encrypted = dir.resolve("enc.pem");
        Files.writeString(encrypted, "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");
        assertTrue(assertThrows(PluginException.class,
                () -> PemFiles.privateKey(encrypted, "tls.key_file")).getMessage()
                .contains("encrypted private keys are not supported"));
        assertTrue(assertThrows(PluginException.class,
                () -> PemFiles.privateKey(TestCerts.path("ca.pem"), "tls.key_file")).getMessage()
                .startsWith("tls.key_file: no private key found"));
    }

    @Test
    void providerRefusesAServerBlockWithoutCertificate() {
        PluginException e = assertThrows(PluginException.class, () -> TestCerts.server("verify: true"));
        assertEquals("tls: a TLS listener needs cert_file and key_file", e.getMessage());
    }
}
