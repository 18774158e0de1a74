package io.natsj.kernel.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.Config;
import io.natsj.config.ConfigLoader;
import io.natsj.spi.PluginException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The texts are those nats-server 2.9.10 prints for the same files ({@code nats-server -t}). */
class AccountsConfigTest {

    private static Accounts read(String text) {
        Config config = ConfigLoader.parseString(text);
        return Accounts.fromConfig(config.getConfig("accounts"), java.util.Set.of());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            A { exports [{stream: "pub.>", accounts: [C]}] }, B { imports [{stream: {account: A, subject: "pub.>"}}] }, C { } | Error adding stream import "pub.>": stream import not authorized
            A { exports [{service: "svc.>"}] }, B { imports [{service: {account: A, subject: "other"}}] } | Error adding service import "other": service import not authorized
            A { exports [{stream: "pub.>"}] }, B { imports [{stream: {account: X, subject: "pub.>"}}] } | "X" account not defined for stream import
            A { exports [{stream: "pub.>"}] }, B { imports [{stream: {account: A, subject: "pub.>"}, prefix: "x.*"}] } | Error adding stream import "pub.>": stream import prefix can not contain wildcard tokens
            A { exports [{service: "pub.>", response_type: bogus}] } | Unknown response type: "bogus"
            A { exports [{stream: "pub.>"}] }, B { imports [{stream: {account: A, subject: "pub.>"}}, {stream: {account: A, subject: "pub.>"}}] } | Error adding stream import "pub.>": stream import already exists
            A { exports [{stream: "p", accounts: [Z]}] } | "Z" account not defined for stream export
            A { exports [{service: "s", latency: {sampling: 0, subject: lat}}] } | bad sampling percentage, should be 1-100
            A { exports [{service: "s", latency: {sampling: "5x", subject: lat}}] } | Failed to parse latency sample: strconv.Atoi: parsing "5x": invalid syntax
            A { exports [{service: "s", latency: {sampling: 10}}] } | Latency subject required, but missing
            A { exports [{service: "s", latency: [lat]}] } | Expected latency entry to be a map/struct or string, got []interface {}
            A { exports [{stream: "s", latency: lat}] } | Detected latency directive on non-service
            A { exports [{service: "s", latency: "s"}] } | Error adding service latency sampling for "s" on subject "s": invalid publish subject
            A { exports [{service: "s", response_type: chunked, latency: "lat"}] } | Error adding service latency sampling for "s" on subject "lat": bad service response type
            """)
    void refusesWhatNatsServerRefuses(String accounts, String message) {
        PluginException e = assertThrows(PluginException.class, () -> read("accounts { " + accounts + " }"));
        assertEquals(message, e.getMessage());
    }

    @Test
    void globalAccountIsReserved() {
        PluginException e = assertThrows(PluginException.class, () -> read("accounts { $G { } }"));
        assertEquals("\"$G\" is a Reserved Account", e.getMessage());
    }

    @Test
    void readsExportsAndImports() {
        Accounts accounts = read("""
                accounts {
                  A { exports [{service: "svc.*", response_type: chunked, response_threshold: "5s", accounts: [B]}] }
                  B { imports [{service: {account: A, subject: "svc.x"}, to: "x"}] }
                }
                """);
        Export export = accounts.get("A").exports().get(0);
        assertEquals(ResponseType.CHUNKED, export.responseType());
        assertEquals(java.time.Duration.ofSeconds(5), export.responseThreshold());
        assertEquals(new Import(true, "A", "svc.x", "x"), accounts.get("B").imports().get(0));
    }
}
