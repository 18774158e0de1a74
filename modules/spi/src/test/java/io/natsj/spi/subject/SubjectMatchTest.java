package io.natsj.spi.subject;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * JetStream's reading of filters; the token rules themselves are checked against the kernel's
 * subject index in the kernel's {@code SubjectsTest}.
 */
class SubjectMatchTest {

    @Test
    void anAbsentFilterMatchesEverySubject() {
        assertTrue(SubjectMatch.matchesAll(null));
        assertTrue(SubjectMatch.matchesAll(""));
        assertTrue(SubjectMatch.matchesAll(">"));
        assertFalse(SubjectMatch.matchesAll("a.>"));
        assertTrue(SubjectMatch.matchesFilter(null, "a.b"));
        assertTrue(SubjectMatch.matchesFilter("", "a"));
    }

    @Test
    void wildcardsAreWholeTokens() {
        assertTrue(SubjectMatch.matchesFilter("a.>", "a.b.c"));
        assertTrue(SubjectMatch.matchesFilter("a.*.c", "a.b.c"));
        assertFalse(SubjectMatch.matchesFilter("a.>", "a"));
        assertFalse(SubjectMatch.matchesFilter("a.*.c", "a.b"));
        assertFalse(SubjectMatch.matchesFilter("a.c", "ab.c"));
        assertFalse(SubjectMatch.hasWildcard("a.b*"));
        assertTrue(SubjectMatch.hasWildcard("a.*"));
    }
}
