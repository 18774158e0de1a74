package io.natsj.kernel.subject;

import io.natsj.spi.subject.SubjectMatch;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SubjectIndexTest {

    private final SubjectIndex index = new SubjectIndex();

    private Subscription add(String subject, String queue, String sid) {
        Subscription s = new Subscription(null, subject, queue, sid);
        index.insert(s);
        return s;
    }

    private static Set<String> sids(Subscription[] subs) {
        return Arrays.stream(subs).map(Subscription::sid).collect(Collectors.toSet());
    }

    @Test
    void emptyIndexMatchesNothing() {
        assertSame(MatchResult.EMPTY, index.match("foo"));
        assertTrue(index.match("foo").isEmpty());
        assertEquals(0, index.count());
        assertTrue(index.all().isEmpty());
    }

    @Test
    void literals() {
        Subscription foo = add("foo", null, "1");
        add("foo.bar", null, "2");
        add("bar", null, "3");
        assertArrayEquals(new Subscription[] {foo}, index.match("foo").plain());
        assertEquals(Set.of("2"), sids(index.match("foo.bar").plain()));
        assertTrue(index.match("foo.baz").isEmpty());
        assertTrue(index.match("fo").isEmpty());
        assertTrue(index.match("foo.bar.baz").isEmpty());
        assertEquals(0, index.match("foo").queues().length);
    }

    @Test
    void singleWildcard() {
        add("foo.*", null, "1");
        add("*.bar", null, "2");
        add("*", null, "3");
        assertEquals(Set.of("1", "2"), sids(index.match("foo.bar").plain()));
        assertEquals(Set.of("1"), sids(index.match("foo.baz").plain()));
        assertEquals(Set.of("3"), sids(index.match("foo").plain()));
        assertTrue(index.match("foo.bar.baz").isEmpty());
    }

    @Test
    void fullWildcard() {
        add("foo.>", null, "1");
        add(">", null, "2");
        assertEquals(Set.of("2"), sids(index.match("foo").plain()), "foo.> does not match foo");
        assertEquals(Set.of("1", "2"), sids(index.match("foo.bar").plain()));
        assertEquals(Set.of("1", "2"), sids(index.match("foo.bar.baz.qux").plain()));
        assertEquals(Set.of("2"), sids(index.match("bar.baz").plain()));
    }

    @Test
    void mixed() {
        add("a.b.c", null, "lit");
        add("a.*.c", null, "mid");
        add("a.>", null, "tail");
        add("*.*.>", null, "two");
        add("a.b.*", null, "end");
        add("a.b.c.d", null, "longer");
        assertEquals(Set.of("lit", "mid", "tail", "two", "end"), sids(index.match("a.b.c").plain()));
        assertEquals(Set.of("mid", "tail", "two"), sids(index.match("a.x.c").plain()));
        assertEquals(Set.of("tail", "two", "longer"), sids(index.match("a.b.c.d").plain()));
        assertEquals(Set.of("tail"), sids(index.match("a.b").plain()));
        assertEquals(Set.of("two"), sids(index.match("x.y.z").plain()));
    }

    @Test
    void literalWildcardTokensInPublishedSubject() {
        // Without pedantic, PUB foo.* reaches foo.* (and foo.>), never foo.bar.
        add("foo.*", null, "1");
        add("foo.bar", null, "2");
        add("foo.>", null, "3");
        assertEquals(Set.of("1", "3"), sids(index.match("foo.*").plain()));
    }

    @Test
    void emptyTokensMatchNothing() {
        add(">", null, "1");
        add("foo.*.bar", null, "2");
        add("*", null, "3");
        assertSame(MatchResult.EMPTY, index.match("foo..bar"));
        assertSame(MatchResult.EMPTY, index.match(".foo"));
        assertSame(MatchResult.EMPTY, index.match("foo."));
        assertSame(MatchResult.EMPTY, index.match(""));
    }

    @Test
    void queueGroupsAreGroupedPerName() {
        Subscription q1a = add("foo", "q1", "1");
        Subscription q1b = add("foo.*", "q1", "2");
        Subscription q1c = add(">", "q1", "3");
        Subscription q2 = add("foo.bar", "q2", "4");
        Subscription plain = add("foo.bar", null, "5");
        MatchResult r = index.match("foo.bar");
        assertArrayEquals(new Subscription[] {plain}, r.plain());
        assertEquals(2, r.queues().length);
        List<Set<Subscription>> groups = new ArrayList<>();
        for (Subscription[] g : r.queues()) {
            groups.add(new HashSet<>(Arrays.asList(g)));
        }
        assertTrue(groups.contains(Set.of(q1b, q1c)), groups.toString());
        assertTrue(groups.contains(Set.of(q2)), groups.toString());
        MatchResult foo = index.match("foo");
        assertEquals(1, foo.queues().length);
        assertEquals(Set.of(q1a, q1c), new HashSet<>(Arrays.asList(foo.queues()[0])));
        assertEquals(0, foo.plain().length);
    }

    @Test
    void removeQueueMembers() {
        Subscription a = add("foo", "q", "1");
        Subscription b = add("foo", "q", "2");
        assertTrue(index.remove(a));
        assertArrayEquals(new Subscription[] {b}, index.match("foo").queues()[0]);
        assertFalse(index.remove(a));
        assertTrue(index.remove(b));
        assertTrue(index.match("foo").isEmpty());
        assertFalse(index.remove(new Subscription(null, "foo", "other", "3")));
    }

    @Test
    void removeUsesIdentityNotEquality() {
        Subscription a = add("foo", null, "1");
        Subscription twin = new Subscription(null, "foo", null, "1");
        assertFalse(index.remove(twin));
        assertEquals(1, index.count());
        assertFalse(index.remove(new Subscription(null, "never.seen.before", null, "1")));
        assertFalse(index.remove(new Subscription(null, "foo.*", null, "1")));
        assertTrue(index.remove(a));
    }

    @Test
    void duplicateSubjectsAreKeptApart() {
        Subscription a = add("foo", null, "1");
        Subscription b = add("foo", null, "2");
        assertEquals(2, index.match("foo").plain().length);
        index.remove(a);
        assertArrayEquals(new Subscription[] {b}, index.match("foo").plain());
    }

    @Test
    void generationChangesOnEveryChange() {
        long g0 = index.generation();
        Subscription a = add("foo", null, "1");
        long g1 = index.generation();
        assertNotEquals(g0, g1);
        Subscription q = add("foo", "q", "2");
        long g2 = index.generation();
        assertNotEquals(g1, g2);
        index.match("foo");
        assertEquals(g2, index.generation(), "matching changes nothing");
        assertFalse(index.remove(new Subscription(null, "foo", null, "9")));
        assertEquals(g2, index.generation(), "a failed remove changes nothing");
        index.remove(a);
        long g3 = index.generation();
        assertNotEquals(g2, g3);
        index.remove(q);
        assertNotEquals(g3, index.generation());
    }

    @Test
    void pruningLeavesAnEmptyIndexThatStillWorks() {
        List<Subscription> subs = new ArrayList<>();
        String[] subjects = {"a", "a.b", "a.b.c", "a.*", "a.*.c", "a.>", ">", "*", "*.b.>", "x.y.z"};
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < subjects.length; i++) {
                subs.add(add(subjects[i], i % 3 == 0 ? "q" : null, "s" + i));
            }
            assertEquals(subjects.length, index.count());
            assertEquals(subjects.length, index.all().size());
            for (Subscription s : subs) {
                assertTrue(index.remove(s), s.toString());
            }
            subs.clear();
            assertEquals(0, index.count());
            assertTrue(index.all().isEmpty());
            assertSame(MatchResult.EMPTY, index.match("a.b.c"));
        }
        Subscription again = add("a.b.c", null, "again");
        assertArrayEquals(new Subscription[] {again}, index.match("a.b.c").plain());
    }

    @Test
    void removingAChildKeepsItsParentsSubscriptions() {
        Subscription parent = add("a", null, "1");
        Subscription child = add("a.b", null, "2");
        Subscription wild = add("a.*", null, "3");
        index.remove(child);
        assertArrayEquals(new Subscription[] {parent}, index.match("a").plain());
        assertArrayEquals(new Subscription[] {wild}, index.match("a.b").plain());
        index.remove(parent);
        assertArrayEquals(new Subscription[] {wild}, index.match("a.x").plain());
        assertEquals(List.of(wild), index.all());
    }

    @Test
    void concurrentWritersWithAMatchingReader() throws Exception {
        String[] subjects = {"a", "a.b", "a.*", "a.>", ">", "*.b", "a.b.c", "*.*.c", "b.>", "a.b.*"};
        String[] literals = {"a", "a.b", "a.c", "a.b.c", "b.b", "x.y.c", "b"};
        int writers = 4;
        int rounds = 3000;
        AtomicBoolean done = new AtomicBoolean();
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        List<List<Subscription>> kept = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int id = w;
            List<Subscription> mine = new ArrayList<>();
            kept.add(mine);
            threads.add(new Thread(() -> {
                try {
                    start.await();
                    Random random = new Random(id);
                    for (int i = 0; i < rounds; i++) {
                        String subject = subjects[random.nextInt(subjects.length)];
                        String queue = random.nextInt(3) == 0 ? "q" + random.nextInt(2) : null;
                        Subscription s = new Subscription(null, subject, queue, id + ":" + i);
                        index.insert(s);
                        if (random.nextBoolean()) {
                            if (!index.remove(s)) {
                                throw new AssertionError("not removed: " + s);
                            }
                        } else {
                            mine.add(s);
                        }
                        if (!mine.isEmpty() && random.nextInt(4) == 0) {
                            Subscription old = mine.remove(random.nextInt(mine.size()));
                            if (!index.remove(old)) {
                                throw new AssertionError("not removed: " + old);
                            }
                        }
                    }
                } catch (Throwable t) {
                    errors.add(t);
                }
            }));
        }
        Thread reader = new Thread(() -> {
            try {
                start.await();
                int i = 0;
                while (!done.get()) {
                    String literal = literals[i++ % literals.length];
                    MatchResult r = index.match(literal);
                    for (Subscription s : r.plain()) {
                        if (!SubjectMatch.matches(s.subject(), literal)) {
                            throw new AssertionError(s + " does not match " + literal);
                        }
                    }
                    for (Subscription[] g : r.queues()) {
                        String name = g[0].queue();
                        for (Subscription s : g) {
                            if (!SubjectMatch.matches(s.subject(), literal) || !s.queue().equals(name)) {
                                throw new AssertionError(s + " in group " + name + " for " + literal);
                            }
                        }
                    }
                }
            } catch (Throwable t) {
                errors.add(t);
            }
        });
        threads.forEach(Thread::start);
        reader.start();
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        done.set(true);
        reader.join();
        assertTrue(errors.isEmpty(), () -> errors.peek().toString());

        Set<Subscription> expected = new HashSet<>();
        kept.forEach(expected::addAll);
        assertEquals(expected.size(), index.count());
        assertEquals(expected, new HashSet<>(index.all()));
        assertEquals(expected.size(), index.all().size(), "no duplicates");
        for (String literal : literals) {
            Set<Subscription> want = expected.stream().filter(s -> SubjectMatch.matches(s.subject(), literal))
                    .collect(Collectors.toSet());
            MatchResult r = index.match(literal);
            Set<Subscription> got = new HashSet<>(Arrays.asList(r.plain()));
            for (Subscription[] g : r.queues()) {
                got.addAll(Arrays.asList(g));
            }
            assertEquals(want, got, literal);
        }
        for (Subscription s : expected) {
            assertTrue(index.remove(s));
        }
        assertTrue(index.all().isEmpty());
        assertEquals(0, index.count());
    }
}
