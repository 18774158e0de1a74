package io.natsj.topology.leafnodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.spi.service.JetStreamPresence;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The denies nats-server 2.9.10 puts on a leaf connection, and how subjects are matched against them. */
class LeafDeniesTest {

    private static JetStreamPresence js(String domain) {
        return new JetStreamPresence() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public String domain() {
                return domain;
            }

            @Override
            public boolean enabledIn(String account) {
                return true;
            }
        };
    }

    private static boolean out(LeafDenies d, String subject) {
        ByteBuf b = Unpooled.copiedBuffer("xx" + subject, StandardCharsets.UTF_8);
        return d.refusesMessage(b, 2, b.readableBytes() - 2);
    }

    @Test
    void anAccountKeepsItsPlainApiAndSendsOutNoRequestForItsOwnDomain() {
        LeafDenies d = LeafDenies.of(js("hub"), "$SYS", "ACC", "leaf");
        assertEquals(LeafDenies.CLIENT_JS, d.both());
        assertTrue(d.refusesInterest("$JS.API.>"));
        assertTrue(d.refusesInterest("$JS.API.STREAM.INFO.X"));
        assertTrue(d.refusesInterest("$KV.B.k"));
        assertFalse(d.refusesInterest("$JS.>"), "a wider wildcard passes; its messages are filtered");
        assertFalse(d.refusesInterest("$JS.leaf.API.>"));
        assertFalse(d.refusesInterest("$JS.ACK.S.C.1.1.1.1.0"));
        assertTrue(out(d, "$JS.API.INFO"));
        assertTrue(out(d, "$JS.hub.API.INFO"), "own domain not sent out when domains differ");
        assertFalse(out(d, "$JS.leaf.API.INFO"));
        assertFalse(out(d, "$JS.API"));
        assertFalse(out(d, "foo"));
    }

    @Test
    void theSystemAccountDeniesJetStreamsInternalsUnlessTheDomainIsShared() {
        assertEquals(LeafDenies.ALL_JS, LeafDenies.of(js("hub"), "$SYS", "$SYS", "leaf").both());
        assertEquals(List.of(), LeafDenies.of(js("hub"), "$SYS", "$SYS", "hub").both());
        LeafDenies same = LeafDenies.of(js("hub"), "$SYS", "ACC", "hub");
        assertEquals(LeafDenies.CLIENT_JS, same.both());
        assertFalse(out(same, "$JS.hub.API.INFO"));
        assertEquals(LeafDenies.CLIENT_JS, LeafDenies.of(JetStreamPresence.NONE, "$SYS", "$G", "").both());
    }
}
