package io.natsj.topology.gateways;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The optimistic peer's refused subjects: lookups from wire bytes, growth, removal, wildcards. */
class NoInterestSubjectsTest {

    private static boolean contains(NoInterestSubjects set, String subject) {
        // The subject amid other bytes, as in a read buffer.
        ByteBuf buf = Unpooled.copiedBuffer("RMSG $G " + subject + " 2", StandardCharsets.UTF_8);
        try {
            return set.contains(buf, 8, subject.getBytes(StandardCharsets.UTF_8).length);
        } finally {
            buf.release();
        }
    }

    @Test
    void growsAndFindsEverySubject() {
        NoInterestSubjects set = new NoInterestSubjects();
        for (int i = 0; i < 5000; i++) {
            assertTrue(set.add("s." + i));
        }
        assertFalse(set.add("s.7"), "a subject is there once");
        assertEquals(5000, set.size());
        for (int i = 0; i < 5000; i++) {
            assertTrue(contains(set, "s." + i), "s." + i);
        }
        assertFalse(contains(set, "s.5000"));
        assertFalse(contains(set, "s"));
    }

    @Test
    void removalLeavesTheOthersReachable() {
        NoInterestSubjects set = new NoInterestSubjects();
        for (int i = 0; i < 100; i++) {
            set.add("a." + i);
        }
        for (int i = 0; i < 100; i += 2) {
            assertTrue(set.remove("a." + i));
        }
        assertFalse(set.remove("a.0"));
        for (int i = 0; i < 100; i++) {
            assertEquals(i % 2 == 1, contains(set, "a." + i), "a." + i);
        }
        for (int i = 0; i < 1000; i++) {
            set.add("b." + i); // tombstones are dropped as the table grows
        }
        assertEquals(1050, set.size());
        assertTrue(contains(set, "a.99"));
    }

    @Test
    void aWildcardClearsWhatItCovers() {
        NoInterestSubjects set = new NoInterestSubjects();
        for (String s : new String[] {"foo.bar", "foo.baz", "foo.bar.x", "other"}) {
            set.add(s);
        }
        set.removeIf(s -> Subjects.matches("foo.*", s));
        assertEquals(Set.of("foo.bar.x", "other"), new HashSet<>(set.subjects()));
        set.removeIf(s -> Subjects.matches(">", s));
        assertEquals(0, set.size());
    }

    @Test
    void subjectMatching() {
        assertTrue(Subjects.matches("foo.>", "foo.bar.baz"));
        assertFalse(Subjects.matches("foo.>", "foo"));
        assertTrue(Subjects.matches("*.bar", "foo.bar"));
        assertFalse(Subjects.matches("*.bar", "foo.bar.baz"));
        assertTrue(Subjects.matches("foo", "foo"));
        assertTrue(Subjects.hasWildcard("a.*"));
        assertFalse(Subjects.hasWildcard("a.b*"));
    }
}
