package io.natsj.kernel.subject;

import io.natsj.spi.subject.SubjectMatch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Subject syntax as nats-server 2.9 judges it, and token matching. */
class SubjectsTest {

    @ParameterizedTest
    @ValueSource(strings = {"foo", "foo.bar", "foo.*", "foo.>", ">", "*", "*.*", "*.>", "foo.*.bar", "foo*", "*foo",
            "foo>", ">foo", "foo.>>", "foo.**", "f.o.o.b.a.r", "$SYS.REQ", "_INBOX.abc", "ünï.cödé", "a-b_c~d"})
    void validSubscribeSubjects(String subject) {
        assertTrue(Subjects.isValidSubscribeSubject(subject), subject);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "foo..bar", ".foo", "foo.", "foo.>.bar", ">.foo", ">.>", ">.*",
            "foo bar", "foo\tbar", " foo", "foo ", "foo.\r", "foo\nbar", "foo\fbar", "foo. .bar"})
    void invalidSubscribeSubjects(String subject) {
        assertFalse(Subjects.isValidSubscribeSubject(subject), subject);
    }

    @ParameterizedTest
    @ValueSource(strings = {"foo", "foo.bar", "foo*", "*foo", "foo.>>", "a.b.c.d", "foo.b*r", "x"})
    void validLiteralSubjects(String subject) {
        assertTrue(literal(subject), subject);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "*", ">", "foo.*", "foo.>", "*.foo", "foo.*.bar", "foo..bar", ".foo", "foo.", "."})
    void invalidLiteralSubjects(String subject) {
        assertFalse(literal(subject), subject);
    }

    /** Checks the subject in the middle of a buffer, surrounded by bytes that must be ignored. */
    private static boolean literal(String subject) {
        ByteBuf buf = Unpooled.copiedBuffer("*.>PUB " + subject + " .*>", StandardCharsets.UTF_8);
        try {
            int offset = "*.>PUB ".length();
            return Subjects.isValidLiteralSubject(buf, offset, subject.getBytes(StandardCharsets.UTF_8).length);
        } finally {
            buf.release();
        }
    }

    @ParameterizedTest
    @CsvSource({"foo,false", "foo.*,true", "foo.>,true", ">,true", "*,true", "foo*,false", "*foo,false",
            "foo.>x,false", "foo.*.bar,true", "a.b,false", "foo.**,false"})
    void hasWildcard(String subject, boolean expected) {
        assertEquals(expected, SubjectMatch.hasWildcard(subject), subject);
    }

    @ParameterizedTest
    @CsvSource({
        "foo, foo, true",
        "foo, bar, false",
        "foo, fo, false",
        "fo, foo, false",
        "foo.bar, foo.bar, true",
        "foo.bar, foo.barx, false",
        "foo.barx, foo.bar, false",
        "foo.bar, foo, false",
        "foo, foo.bar, false",
        "foo.*, foo.bar, true",
        "foo.*, foo, false",
        "foo.*, foo.bar.baz, false",
        "foo.>, foo.bar, true",
        "foo.>, foo.bar.baz, true",
        "foo.>, foo, false",
        ">, foo, true",
        ">, foo.bar.baz, true",
        "*, foo, true",
        "*, foo.bar, false",
        "*.bar, foo.bar, true",
        "*.bar, foo.baz, false",
        "*.*, a.b, true",
        "*.*, a, false",
        "*.*, a.b.c, false",
        "a.*.c, a.b.c, true",
        "a.*.c, a.b.d, false",
        "a.*.>, a.b.c.d, true",
        "a.*.>, a.b, false",
        "foo*, foo*, true",
        "foo*, foox, false",
        "*.>, a.b, true",
        "*.>, a, false",
    })
    void matches(String filter, String literal, boolean expected) {
        assertEquals(expected, SubjectMatch.matches(filter, literal), filter + " ~ " + literal);
    }

    @Test
    void matchesAgreesWithTheIndex() {
        List<String> tokens = List.of("a", "b", "ab", "*", ">");
        Random random = new Random(7);
        for (int round = 0; round < 3000; round++) {
            String filter = randomSubject(random, tokens, true);
            String literal = randomSubject(random, List.of("a", "b", "ab", "ba"), false);
            if (!Subjects.isValidSubscribeSubject(filter)) {
                continue;
            }
            SubjectIndex index = new SubjectIndex();
            index.insert(new Subscription(null, filter, null, "1"));
            boolean viaIndex = index.match(literal).plain().length == 1;
            assertEquals(viaIndex, SubjectMatch.matches(filter, literal), filter + " ~ " + literal);
        }
    }

    private static String randomSubject(Random random, List<String> tokens, boolean wildcards) {
        int n = 1 + random.nextInt(4);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append('.');
            }
            sb.append(tokens.get(random.nextInt(tokens.size())));
        }
        return sb.toString();
    }
}
