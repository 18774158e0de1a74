package io.natsj.topology.leafnodes;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.spi.auth.Permissions;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeafPermissionsTest {

    private static LeafPermissions deny(List<String> publish, List<String> subscribe) {
        return LeafPermissions.NONE.withDeny(publish, subscribe);
    }

    @Test
    void denyListsMatchTokenByToken() {
        LeafPermissions p = deny(List.of("secret.>", "a.*.c", "exact"), List.of());
        assertFalse(p.mayDeliver("secret.x"));
        assertFalse(p.mayDeliver("secret.x.y"));
        assertTrue(p.mayDeliver("secret"));
        assertFalse(p.mayDeliver("a.b.c"));
        assertTrue(p.mayDeliver("a.b.c.d"));
        assertTrue(p.mayDeliver("a.c"));
        assertFalse(p.mayDeliver("exact"));
        assertTrue(p.mayDeliver("exactly"));
        assertTrue(p.mayDeliver("ex"));
    }

    @Test
    void allowListsLetOnlyTheirSubjectsThrough() {
        LeafPermissions p = LeafPermissions.of(new Permissions.SubjectRules(List.of("up.>"), List.of("up.no")),
                new Permissions.SubjectRules(List.of("in.x"), List.of()));
        assertTrue(p.mayDeliver("up.yes"));
        assertFalse(p.mayDeliver("up.no"));
        assertFalse(p.mayDeliver("other"));
        assertTrue(p.maySubscribe("in.x"));
        assertFalse(p.maySubscribe("in.y"));
        // nats-server's leaf rule: a wildcard covering an allowed subject may be announced.
        assertTrue(p.maySubscribe("in.*"));
        assertTrue(p.maySubscribe(">"));
        assertFalse(p.maySubscribe("out.*"));
    }

    @Test
    void aDenyCoversAWildcardOnlyWhenItsPatternDoes() {
        LeafPermissions p = deny(List.of(), List.of("in.secret", "hidden.>"));
        assertFalse(p.maySubscribe("in.secret"));
        assertTrue(p.maySubscribe("in.>"));
        assertFalse(p.maySubscribe("hidden.>"));
        assertFalse(p.maySubscribe("hidden.x"));
    }
}
