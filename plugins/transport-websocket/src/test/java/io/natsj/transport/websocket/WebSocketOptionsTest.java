package io.natsj.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.natsj.spi.PluginException;
import io.natsj.spi.transport.ListenerAuthorization;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The websocket section's own authentication keys, read as nats-server 2.9.10 reads them. */
class WebSocketOptionsTest {

    private static ListenerAuthorization auth(String keys) {
        return WebSocketOptions.read(ConfigFactory.parseString("port: 1, no_tls: true, " + keys)).authorization();
    }

    @Test
    void userPasswordTokenAndTimeout() {
        ListenerAuthorization a = auth("authorization { username: u, pass: p, timeout: 0.5 }");
        assertEquals("u", a.credentials().getString("user"));
        assertEquals("p", a.credentials().getString("password"));
        assertEquals(Duration.ofMillis(500), a.timeout());
        assertTrue(a.overrides());
        assertEquals("websocket", a.section());
        assertEquals("LEAFNODE_WS", a.leafConnectionType());
        ListenerAuthorization t = auth("authentication { user: u, password: p, token: t }");
        assertEquals("t", t.credentials().getString("token"));
        assertFalse(t.credentials().hasPath("user"), "a token wins, the user is never checked");
    }

    @Test
    void whatNatsServerIgnoresOrDefaults() {
        assertFalse(auth("authorization { password: p }").overrides(), "a password without a user");
        assertEquals(Duration.ofSeconds(1), auth("authorization { timeout: \"2s\" }").timeout(),
                "nats-server takes 1 second for a timeout that is not a number");
        assertNull(auth("authorization { timeout: 0 }").timeout(), "0: the server's timeout");
        assertTrue(auth("").isEmpty());
    }

    @Test
    void noAuthUserAndJwtCookie() {
        ListenerAuthorization a = auth("no_auth_user: bob, jwt_cookie: natsjwt");
        assertEquals("bob", a.noAuthUser());
        assertEquals("natsjwt", a.jwtCookie());
        assertTrue(a.overrides());
        assertFalse(auth("jwt_cookie: natsjwt").overrides(), "a cookie name alone does not override");
    }

    @Test
    void refusals() {
        assertEquals("websocket.authorization.users: unknown field \"users\"",
                assertThrows(PluginException.class, () -> auth("authorization { users: [] }")).getMessage());
    }

    @Test
    void theCookieIsFoundAmongOthers() {
        HttpHeaders h = new DefaultHttpHeaders().add("Cookie", "a=1; natsjwt=\"eyJ.x.y\"").add("Cookie", "natsjwt=second");
        assertEquals("eyJ.x.y", Handshake.cookie(h, "natsjwt"));
        assertNull(Handshake.cookie(h, "other"));
        assertNull(Handshake.cookie(h, null));
    }
}
