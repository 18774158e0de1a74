package io.natsj.kernel.subject;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MatchCacheTest {

    private final SubjectIndex index = new SubjectIndex();
    private final MatchCache cache = new MatchCache(index);
    private final List<ByteBuf> buffers = new ArrayList<>();

    @AfterEach
    void release() {
        buffers.forEach(ByteBuf::release);
    }

    /** Looks the subject up from the middle of a fresh buffer, as the decoder would. */
    private MatchResult match(String subject) {
        byte[] bytes = subject.getBytes(StandardCharsets.UTF_8);
        ByteBuf buf = Unpooled.buffer(bytes.length + 20);
        buf.writeBytes("PUB ".getBytes(StandardCharsets.US_ASCII)).writeBytes(bytes).writeBytes(" 0\r\n".getBytes(StandardCharsets.US_ASCII));
        buffers.add(buf);
        return cache.match(buf, 4, bytes.length);
    }

    private Subscription add(String subject, String sid) {
        Subscription s = new Subscription(null, subject, null, sid);
        index.insert(s);
        return s;
    }

    @Test
    void hitReturnsTheSameInstance() {
        add("foo.*", "1");
        MatchResult first = match("foo.bar");
        assertEquals(1, first.plain().length);
        assertSame(first, match("foo.bar"));
        assertSame(first, match("foo.bar"));
    }

    @Test
    void missesAreCachedToo() {
        MatchResult none = match("nobody.home");
        assertTrue(none.isEmpty());
        assertSame(none, match("nobody.home"));
    }

    @Test
    void insertInvalidates() {
        Subscription a = add("foo", "1");
        MatchResult before = match("foo");
        Subscription b = add("foo", "2");
        MatchResult after = match("foo");
        assertNotSame(before, after);
        assertArrayEquals(new Subscription[] {a, b}, after.plain());
        assertSame(after, match("foo"));
    }

    @Test
    void insertElsewhereInvalidatesButStaysCorrect() {
        Subscription a = add("foo", "1");
        MatchResult before = match("foo");
        add("unrelated", "2");
        MatchResult after = match("foo");
        assertArrayEquals(new Subscription[] {a}, after.plain());
        assertNotSame(before, after, "any change of generation refreshes the entry");
    }

    @Test
    void removeInvalidates() {
        Subscription a = add("foo.>", "1");
        assertEquals(1, match("foo.bar").plain().length);
        index.remove(a);
        assertTrue(match("foo.bar").isEmpty());
    }

    @Test
    void subjectsInTheSameSlotStayApart() {
        List<String> colliding = collidingSubjects(6);
        for (int i = 0; i < colliding.size(); i++) {
            add(colliding.get(i), "sid" + i);
        }
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < colliding.size(); i++) {
                MatchResult r = match(colliding.get(i));
                assertEquals(1, r.plain().length, colliding.get(i));
                assertEquals("sid" + i, r.plain()[0].sid());
            }
        }
        // alternate two subjects of one slot: each lookup replaces the entry, results stay right
        for (int i = 0; i < 10; i++) {
            assertEquals("sid0", match(colliding.get(0)).plain()[0].sid());
            assertEquals("sid1", match(colliding.get(1)).plain()[0].sid());
        }
    }

    @Test
    void anagramsStayApart() {
        add("ab", "1");
        add("ba", "2");
        for (int i = 0; i < 3; i++) {
            assertEquals("1", match("ab").plain()[0].sid());
            assertEquals("2", match("ba").plain()[0].sid());
        }
    }

    @Test
    void longSubjectsAreMatchedWithoutCaching() {
        String longSubject = "x".repeat(300) + ".end";
        add("*.end", "1");
        MatchResult r = match(longSubject);
        assertEquals(1, r.plain().length);
        assertEquals(1, match(longSubject).plain().length);
        add(longSubject, "2");
        assertEquals(2, match(longSubject).plain().length);
    }

    @Test
    void emptyTokenSubjectMatchesNothing() {
        add(">", "1");
        assertTrue(match("foo..bar").isEmpty());
        assertEquals(1, match("foo.bar").plain().length);
    }

    @Test
    void utf8Subjects() {
        add("ünï.*", "1");
        assertEquals(1, match("ünï.cödé").plain().length);
        assertTrue(match("uni.code").isEmpty());
    }

    /** Subjects whose cache slot (the hash of MatchCache, 128 slots) is the same. */
    private static List<String> collidingSubjects(int n) {
        List<String> out = new ArrayList<>();
        int slot = -1;
        for (int i = 0; out.size() < n; i++) {
            String s = "subj." + i;
            int h = hash(s.getBytes(StandardCharsets.US_ASCII)) & 127;
            if (slot < 0) {
                slot = h;
            }
            if (h == slot) {
                out.add(s);
            }
        }
        return out;
    }

    /** The same FNV-1a variant as {@link MatchCache}. */
    private static int hash(byte[] bytes) {
        int h = 0x811c9dc5;
        for (byte b : bytes) {
            h = (h ^ b) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }
}
