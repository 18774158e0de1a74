package io.natsj.transport.tls;

import io.natsj.config.GoDuration;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.natsj.spi.PluginException;
import io.natsj.spi.tls.TlsProvider;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The tls block reader: nats-server's keys, forms and messages. */
class TlsBlockReaderTest {

    private static TlsOptions read(String block, String path) {
        return TlsBlockReader.read(ConfigFactory.parseString(block), path);
    }

    private static String refused(String block, String path) {
        return assertThrows(PluginException.class, () -> read(block, path)).getMessage();
    }

    @Test
    void providerIsFoundByServiceLoader() {
        TlsProvider provider = ServiceLoader.load(TlsProvider.class).findFirst().orElseThrow();
        assertEquals("tls", provider.name());
        assertEquals("tls", provider.configKey());
    }

    @Test
    void defaults() {
        TlsOptions options = read("cert_file: a.pem, key_file: b.pem", "tls");
        assertEquals(Duration.ofSeconds(2), options.timeout());
        assertFalse(options.verify());
        assertFalse(options.handshakeFirst());
        assertNull(options.cipherSuites());
        assertNull(options.namedGroups());
        assertEquals(List.of("TLSv1.3", "TLSv1.2"), options.protocols());
    }

    @Test
    void timeoutForms() {
        assertEquals(Duration.ofSeconds(3), read("timeout: 3", "tls").timeout());
        assertEquals(Duration.ofMillis(1500), read("timeout: 1.5", "tls").timeout());
        assertEquals(Duration.ofSeconds(2), read("timeout: \"2s\"", "tls").timeout());
        assertEquals(Duration.ofMillis(500), read("timeout: \"500ms\"", "tls").timeout());
        assertEquals(Duration.ofMinutes(1).plusSeconds(30), read("timeout: \"1m30s\"", "tls").timeout());
        assertEquals(Duration.ofSeconds(2), read("timeout: 0", "tls").timeout(), "0 is the default");
        assertTrue(refused("timeout: \"2 parsecs\"", "cluster.tls")
                .startsWith("cluster.tls.timeout: error parsing tls config, 'timeout' time:"));
        assertTrue(refused("timeout: [1]", "tls").contains("'timeout' wrong type"));
        assertTrue(refused("timeout: -1", "tls").contains("negative"));
    }

    @Test
    void verifyAndMapImpliesVerify() {
        TlsOptions options = read("verify_and_map: true", "tls");
        assertTrue(options.verify());
        assertTrue(options.map());
        assertFalse(read("verify_and_map: false", "tls").verify());
        assertEquals("tls.verify: error parsing tls config, expected 'verify' to be a boolean",
                refused("verify: \"yes\"", "tls"));
    }

    @Test
    void keysAreCaseInsensitiveLikeNatsServer() {
        assertTrue(read("Verify: true, TIMEOUT: 1", "tls").verify());
    }

    @Test
    void handshakeFirstForms() {
        assertTrue(read("handshake_first: true", "tls").handshakeFirst());
        assertTrue(read("first: \"on\"", "tls").handshakeFirst());
        assertTrue(read("immediate: true", "tls").handshakeFirst());
        assertFalse(read("handshake_first: \"off\"", "tls").handshakeFirst());
        String fallback = refused("handshake_first: \"300ms\"", "tls");
        assertTrue(fallback.startsWith("tls.handshake_first: \"300ms\"") && fallback.contains("not supported by natsj yet"), fallback);
        assertTrue(refused("handshake_first: auto", "tls").contains("not supported by natsj yet"));
        assertEquals("tls.handshake_first: field \"handshake_first\"'s value \"maybe\" is invalid",
                refused("handshake_first: maybe", "tls"));
    }

    @Test
    void cipherSuites() {
        TlsOptions options = read("cipher_suites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,"
                + " TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305, TLS_AES_128_GCM_SHA256]", "tls");
        assertEquals(List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256",
                "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"), options.cipherSuites());
    }

    @Test
    void badCipherIsNamedAsNatsServerDoes() {
        // server/configs/tls_bad_cipher.conf
        assertEquals("tls.cipher_suites: unrecognized cipher BAD_CIPHER_SPEC",
                refused("cipher_suites: [TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, BAD_CIPHER_SPEC]", "tls"));
        // server/configs/tls_empty_cipher.conf
        assertEquals("tls.cipher_suites: error parsing tls config, 'cipher_suites' cannot be empty",
                refused("cipher_suites: []", "tls"));
    }

    @Test
    void insecureCiphersNeedTheAllowOption() {
        String message = refused("cipher_suites: [TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256]", "tls");
        assertTrue(message.contains("insecure cipher suites configured without "
                + "'allow_insecure_cipher_suites' option set: TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"), message);
        TlsOptions allowed = read("cipher_suites: [TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256],"
                + " allow_insecure_cipher_suites: true", "tls");
        assertEquals("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", allowed.cipherSuites().getFirst());
        // RC4 is a name nats-server knows, but the JDK cannot provide it.
        assertTrue(refused("cipher_suites: [TLS_RSA_WITH_RC4_128_SHA], allow_insecure_cipher_suites: true", "tls")
                .startsWith("tls.cipher_suites: cipher TLS_RSA_WITH_RC4_128_SHA is not available in this JVM"));
    }

    @Test
    void curvePreferences() {
        assertEquals(List.of("secp384r1", "x25519", "secp256r1", "secp521r1"),
                read("curve_preferences: [CurveP384, X25519, CurveP256, CurveP521]", "tls").namedGroups());
        // server/configs/tls_bad_curve_prefs.conf and tls_empty_curve_prefs.conf
        assertEquals("tls.curve_preferences: unrecognized curve preference GARBAGE",
                refused("curve_preferences: [GARBAGE]", "tls"));
        assertEquals("tls.curve_preferences: error parsing tls config, 'curve_preferences' cannot be empty",
                refused("curve_preferences: []", "tls"));
    }

    @Test
    void minVersion() {
        assertEquals(List.of("TLSv1.3"), read("min_version: \"1.3\"", "tls").protocols());
        assertEquals(List.of("TLSv1.3", "TLSv1.2"), read("min_version: \"1.2\"", "tls").protocols());
        assertEquals("tls.min_version: error parsing tls config: unsupported TLS version: TLS 1.1",
                refused("min_version: \"1.1\"", "tls"));
        assertEquals("tls.min_version: error parsing tls config: unknown version: 2.0",
                refused("min_version: \"2.0\"", "tls"));
    }

    @Test
    void unknownKeyIsNamed() {
        assertEquals("leafnodes.tls.cert: error parsing tls config, unknown field \"cert\"",
                refused("cert: x", "leafnodes.tls"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"pinned_certs: []", "cert_store: WindowsCurrentUser",
            "cert_match_by: Subject", "cert_match: x", "cert_match_skip_invalid: true",
            "ca_certs_match: [x]", "ocsp_peer: true", "certs: []", "certificates: []",
            "connection_rate_limit: 10"})
    void unsupportedKeysAreRefusedByName(String block) {
        String key = block.substring(0, block.indexOf(':'));
        assertEquals("cluster.tls." + key + " is not supported by natsj yet",
                refused(block, "cluster.tls"));
    }

    @Test
    void checkKnownUrls() {
        assertEquals("tls.verify_cert_and_check_known_urls: verify_cert_and_check_known_urls"
                + " not supported in this context", refused("verify_cert_and_check_known_urls: true", "tls"));
        assertEquals("gateway.tls.verify_cert_and_check_known_urls is not supported by natsj yet",
                refused("verify_cert_and_check_known_urls: true", "gateway.tls"));
        assertFalse(read("verify_cert_and_check_known_urls: false", "gateway.tls").verify());
    }

    @Test
    void certAndKeyComeTogether() {
        assertEquals("tls: missing 'key_file' in TLS configuration", refused("cert_file: a.pem", "tls"));
        assertEquals("tls: missing 'cert_file' in TLS configuration", refused("key_file: a.pem", "tls"));
    }

    @Test
    void goDurations() {
        assertEquals(Duration.ofNanos(1_500), GoDuration.parse("1.5us"));
        assertEquals(Duration.ofMillis(-250), GoDuration.parse("-.25s"));
        assertEquals(Duration.ofHours(1).plusMinutes(2), GoDuration.parse("1h2m"));
        assertEquals("time: missing unit in duration \"2\"",
                assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("2")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("s"));
        assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(""));
    }
}
