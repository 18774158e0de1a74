package io.natsj.transport.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * verify_and_map's certificate-to-user mapping, checked against the users of nats-server's own
 * test configurations (test/configs/tls_cert_*.conf and test/tls_test.go).
 */
class CertificateIdentityTest {

    private static CertificateIdentity identity(String name) {
        X509Certificate cert = PemFiles.certificates(TestCerts.path(name), "cert").getFirst();
        return CertificateIdentity.of(cert);
    }

    @Test
    void namesInNatsServerOrder() {
        assertEquals(List.of("localhost", "example.com", "www.example.com", "CN=example.com,OU=NATS.io"),
                identity("tlsauth/client.pem").names());
        assertEquals(List.of("app.nats.dev", "admin@app.nats.dev", "root@app.nats.dev", "CN=www.nats.io")
                        .stream().sorted().toList(),
                identity("sans/dev-email.pem").names().stream().sorted().toList());
        assertEquals("admin@app.nats.dev", identity("sans/dev-email.pem").names().getFirst(), "e-mails first");
        assertEquals(List.of("derek@nats.io", "localhost",
                "CN=localhost,OU=nats.io,O=Synadia,ST=California,C=US"), identity("client-cert.pem").names());
    }

    @Test
    void subjectMapping() {
        // test/configs/tls_cert_cn.conf
        List<String> users = List.of("CN=example.com,OU=NATS.io", "CN=example.com,OU=CNCF");
        assertEquals(Optional.of("CN=example.com,OU=NATS.io"), identity("tlsauth/client.pem").match(users));
        assertEquals(Optional.of("CN=example.com,OU=CNCF"), identity("tlsauth/client2.pem").match(users));
        // A reordered, spaced DN still matches.
        assertEquals(Optional.of("OU=NATS.io, CN=example.com"),
                identity("tlsauth/client.pem").match(List.of("OU=NATS.io, CN=example.com")));
    }

    @Test
    void sanMapping() {
        // test/configs/tls_cert_san_auth.conf
        List<String> users = List.of("CN=www.nats.io", "app.nats.prod", "app.nats.dev");
        assertEquals(Optional.of("app.nats.dev"), identity("sans/dev.pem").match(users));
        assertEquals(Optional.of("app.nats.prod"), identity("sans/prod.pem").match(users));
        // test/configs/tls_cert_san_emails.conf
        List<String> emails = List.of("CN=www.nats.io", "*.app.nats.prod", "root@app.nats.dev");
        assertEquals(Optional.of("root@app.nats.dev"), identity("sans/dev-email.pem").match(emails));
        assertEquals(Optional.of("*.app.nats.prod"), identity("sans/prod.pem").match(emails));
    }

    @Test
    void domainComponents() {
        // test/tls_test.go, certificates in test/configs/certs/rdns
        CertificateIdentity a = identity("rdns/client-a.pem");
        assertEquals(List.of("localhost", "example.com", "www.example.com",
                "CN=localhost,OU=NATS,O=NATS,L=Los Angeles,ST=CA,C=US,DC=foo1,DC=foo2",
                "CN=localhost,OU=NATS,O=NATS,L=Los Angeles,ST=CA,C=US"), a.names());
        for (String user : List.of(
                "CN=localhost,OU=NATS,O=NATS,L=Los Angeles,ST=CA,C=US,DC=foo1,DC=foo2",
                "DC=foo2,DC=foo1,CN=localhost,OU=NATS,O=NATS,L=Los Angeles,ST=CA,C=US",
                "DC=foo2, DC=foo1, CN=localhost, OU=NATS, O=NATS, L=Los Angeles, ST=CA, C=US")) {
            assertEquals(Optional.of(user), a.match(List.of(user)), user);
        }
        CertificateIdentity c = identity("rdns/client-c.pem");
        assertEquals(Optional.empty(), c.match(List.of(
                "CN=localhost,OU=NATS,O=NATS,L=Los Angeles,ST=CA,C=US,DC=foo1,DC=foo2",
                "DC=foo2,DC=foo1,CN=localhost,OU=NATS,O=NATS,L=Los Angeles,ST=CA,C=US")));
        assertEquals(Optional.of("CN=localhost,OU=NATS,O=NATS,L=Los Angeles,ST=CA,C=US"), c.match(List.of(
                "DC=foo2,DC=foo1,CN=localhost,OU=NATS,O=NATS,L=Los Angeles,ST=CA,C=US",
                "CN=localhost,OU=NATS,O=NATS,L=Los Angeles,ST=CA,C=US")));
    }

    @Test
    void distinguishedNameParsing() {
        DistinguishedName dn = DistinguishedName.parse("CN=a\\,b,OU=x\\2Cy ,O=z\\ ");
        assertEquals(true, dn.sameAs(DistinguishedName.parse("cn=a\\,b, ou=x\\,y,o=z\\ ")));
        assertEquals(null, DistinguishedName.parse("derek@nats.io"));
        assertEquals(null, DistinguishedName.parse("CN=#0403"));
    }
}
