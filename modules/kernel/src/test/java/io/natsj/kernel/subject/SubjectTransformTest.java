package io.natsj.kernel.subject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SubjectTransformTest {

    @Test
    void literalToLiteral() {
        assertEquals("bar", SubjectTransform.of("foo", "bar").apply("foo"));
    }

    @Test
    void numberedWildcards() {
        SubjectTransform t = SubjectTransform.of("foo.*.*", "bar.$2.{{wildcard(1)}}");
        assertEquals("bar.b.a", t.apply("foo.a.b"));
    }

    @Test
    void positionalWildcardsAndRest() {
        assertEquals("x.a.b.c", SubjectTransform.of("foo.*.>", "x.*.>").apply("foo.a.b.c"));
        assertEquals("pre.foo.a.b", SubjectTransform.of("foo.>", "pre.foo.>").apply("foo.a.b"));
    }

    @Test
    void refusesWhatItCannotMap() {
        assertThrows(IllegalArgumentException.class, () -> SubjectTransform.of("foo.*", "bar.$2"));
        assertThrows(IllegalArgumentException.class, () -> SubjectTransform.of("foo.>", "bar"));
        assertThrows(IllegalArgumentException.class, () -> SubjectTransform.of("foo", "bar.>"));
        assertThrows(IllegalArgumentException.class,
                () -> SubjectTransform.of("foo.*", "bar.{{partition(3,1)}}"));
    }

    @Test
    void subsets() {
        assertTrue(SubjectTransform.isSubset("pub.x", "pub.>"));
        assertTrue(SubjectTransform.isSubset("pub.*", "pub.>"));
        assertTrue(SubjectTransform.isSubset("pub.>", "pub.>"));
        assertTrue(SubjectTransform.isSubset("a.b", "a.*"));
        assertFalse(SubjectTransform.isSubset("pub", "pub.>"));
        assertFalse(SubjectTransform.isSubset("a.>", "a.*"));
        assertFalse(SubjectTransform.isSubset("a.*", "a.b"));
        assertFalse(SubjectTransform.isSubset("a.b.c", "a.*"));
    }
}
