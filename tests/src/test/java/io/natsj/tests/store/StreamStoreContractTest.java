package io.natsj.tests.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.natsj.spi.store.StoredMessage;
import io.natsj.spi.store.StreamState;
import io.natsj.spi.store.StreamStore;
import io.natsj.spi.store.StreamStoreProvider;
import io.natsj.spi.store.StreamStoreRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same behaviour checks against every store provider found with {@link ServiceLoader}:
 * what the JetStream engine relies on must not depend on the storage type.
 */
class StreamStoreContractTest {

    private static final byte[] NONE = new byte[0];
    private static final StreamStore.DurableListener IGNORED = (sequence, error) -> { };

    @TempDir
    Path dir;

    static Stream<StreamStoreProvider> providers() {
        List<StreamStoreProvider> all = ServiceLoader.load(StreamStoreProvider.class).stream()
            .map(ServiceLoader.Provider::get).toList();
        assertFalse(all.isEmpty(), "no StreamStoreProvider on the class path");
        return all.stream();
    }

    private StreamStore open(StreamStoreProvider provider, String stream) {
        return provider.open(request(dir.resolve(stream), stream));
    }

    static StreamStoreRequest request(Path directory, String stream) {
        return new StreamStoreRequest() {
            @Override
            public Config config() {
                return ConfigFactory.empty();
            }

            @Override
            public String account() {
                return "$G";
            }

            @Override
            public String stream() {
                return stream;
            }

            @Override
            public Path directory() {
                return directory;
            }

            @Override
            public Duration syncInterval() {
                return Duration.ZERO;
            }

            @Override
            public int maxMessageSize() {
                return 1 << 20;
            }
        };
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @MethodSource("providers")
    void appendsInSequenceAndToldDurableInOrder(StreamStoreProvider provider) throws Exception {
        try (StreamStore store = open(provider, "order")) {
            List<Long> told = new CopyOnWriteArrayList<>();
            for (int i = 1; i <= 100; i++) {
                assertEquals(i, store.append("a", NONE, bytes("m" + i), i, (s, error) -> told.add(s)));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (told.size() < 100 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            List<Long> expected = new ArrayList<>();
            for (long i = 1; i <= 100; i++) {
                expected.add(i);
            }
            assertEquals(expected, told);
            StoredMessage m = store.load(42);
            assertEquals("a", m.subject());
            assertArrayEquals(bytes("m42"), m.payload());
            assertEquals(42, m.timestampNanos());
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void answersSubjectQuestionsWithWildcards(StreamStoreProvider provider) {
        try (StreamStore store = open(provider, "subjects")) {
            for (String s : new String[] {"a.b", "a.c", "b.c", "a.b.c", "a.b", "b.c"}) {
                store.append(s, NONE, bytes(s), 1, IGNORED);
            }
            assertEquals(2, store.loadNext("a.*", 2).sequence());
            assertEquals(4, store.loadNext("a.>", 3).sequence());
            assertNull(store.loadNext("a.b", 6));
            assertEquals(6, store.loadLast("*.c").sequence());
            assertEquals(5, store.loadLast("a.b").sequence());
            assertEquals(4, store.countMatching("a.>", 1));
            assertEquals(2, store.countMatching("a.>", 4));
            assertEquals(Map.of("a.c", 1L, "b.c", 2L), store.subjectCounts("*.c"));
            assertEquals(6, store.countMatching(">", 1));
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void removesPurgesAndCompacts(StreamStoreProvider provider) {
        try (StreamStore store = open(provider, "removal")) {
            for (int i = 1; i <= 10; i++) {
                store.append(i % 2 == 0 ? "even" : "odd", NONE, bytes("m" + i), i, IGNORED);
            }
            assertTrue(store.remove(3, false));
            assertFalse(store.remove(3, true));
            assertNull(store.load(3));
            assertEquals(List.of(3L), store.state().deleted());
            assertEquals(2, store.purge("even", 6, 0));
            assertEquals(1, store.purge("odd", 0, 3));
            assertEquals(2, store.compact(7));
            StreamState state = store.state();
            assertEquals(4, state.messages());
            assertEquals(7, state.firstSequence());
            assertEquals(10, state.lastSequence());
            assertEquals(4, store.purge(null, 0, 0));
            state = store.state();
            assertEquals(0, state.messages());
            assertEquals(0, state.bytes());
            assertEquals(11, state.firstSequence());
            assertEquals(10, state.lastSequence());
            store.skipTo(20);
            assertEquals(20, store.state().firstSequence());
            assertEquals(20, store.append("x", NONE, NONE, 1, IGNORED));
            store.skipTo(25);
            assertEquals(25, store.append("x", NONE, NONE, 1, IGNORED));
            assertEquals(List.of(21L, 22L, 23L, 24L), store.state().deleted());
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void snapshotsRestoreTheSameStream(StreamStoreProvider provider) throws Exception {
        ByteArrayOutputStream snapshot = new ByteArrayOutputStream();
        StreamState original;
        try (StreamStore store = open(provider, "source")) {
            store.skipTo(5);
            for (int i = 0; i < 20; i++) {
                store.append("s." + (i % 2), i % 3 == 0 ? bytes("NATS/1.0\r\nA: b\r\n\r\n") : NONE, bytes("m" + i), i, IGNORED);
            }
            store.remove(10, false);
            original = store.state();
            store.snapshot(snapshot);
        }
        try (StreamStore copy = provider.restore(request(dir.resolve("copy"), "copy"),
            new ByteArrayInputStream(snapshot.toByteArray()))) {
            StreamState state = copy.state();
            assertEquals(original.messages(), state.messages());
            assertEquals(original.bytes(), state.bytes());
            assertEquals(original.firstSequence(), state.firstSequence());
            assertEquals(original.lastSequence(), state.lastSequence());
            assertEquals(original.deleted(), state.deleted());
            assertArrayEquals(bytes("m1"), copy.load(6).payload());
            assertArrayEquals(bytes("NATS/1.0\r\nA: b\r\n\r\n"), copy.load(5).headers());
        }
    }
}
