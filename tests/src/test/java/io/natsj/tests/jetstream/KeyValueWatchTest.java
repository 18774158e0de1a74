package io.natsj.tests.jetstream;

import static io.natsj.tests.jetstream.PushConsumerTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueWatchOption;
import io.nats.client.api.KeyValueWatcher;
import io.nats.client.impl.NatsKeyValueWatchSubscription;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * jnats's Key/Value watchers on both servers: each is an ordered push consumer on the bucket's
 * stream (last per subject, or all with history, headers only for meta, new for updates), and
 * "end of data" is when the consumer's pending count reaches zero.
 */
class KeyValueWatchTest {

    @RegisterExtension
    static final JetStreamServers servers = new JetStreamServers();

    /** Records every entry as {@code key=OP:revision[=value]} and counts ends of data. */
    private static final class Recorder implements KeyValueWatcher {
        final List<String> seen = new CopyOnWriteArrayList<>();
        final AtomicInteger ends = new AtomicInteger();

        @Override
        public void watch(KeyValueEntry e) {
            seen.add(e.getKey() + "=" + e.getOperation() + ":" + e.getRevision()
                    + (e.getValue() == null || e.getValue().length == 0 ? "" : "=" + e.getValueAsString()));
        }

        @Override
        public void endOfData() {
            ends.incrementAndGet();
        }

        /** Waits for the end of the initial data and returns what came before it. */
        List<String> initial() throws InterruptedException {
            await("end of data", () -> ends.get() > 0);
            return new ArrayList<>(seen);
        }

        /** Waits until {@code n} entries in all were seen and returns the ones after the first {@code from}. */
        List<String> after(int from, int n) throws InterruptedException {
            await(n + " entries, seen " + seen, () -> seen.size() >= n);
            return new ArrayList<>(seen.subList(from, seen.size()));
        }
    }

    private static KeyValue filled(JsClient c, String bucket) throws Exception {
        c.connection().keyValueManagement().create(KeyValueConfiguration.builder().name(bucket)
                .maxHistoryPerKey(10).build());
        KeyValue kv = c.connection().keyValue(bucket);
        kv.put("a", "a1");
        kv.put("b", "b1");
        kv.put("a", "a2");
        kv.delete("b");
        kv.put("c.x", "c1");
        kv.purge("d");
        return kv;
    }

    @AllTargets
    void watchAllGivesLatestPerKeyThenUpdates(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            KeyValue kv = filled(c, "W_ALL");
            Recorder r = new Recorder();
            NatsKeyValueWatchSubscription sub = kv.watchAll(r);
            assertEquals(List.of("a=PUT:3=a2", "b=DELETE:4", "c.x=PUT:5=c1", "d=PURGE:6"), r.initial());
            kv.put("a", "a3");
            kv.delete("c.x");
            kv.put("new", "n1");
            assertEquals(List.of("a=PUT:7=a3", "c.x=DELETE:8", "new=PUT:9=n1"), r.after(4, 7));
            assertEquals(1, r.ends.get());
            sub.unsubscribe();
        }
    }

    @AllTargets
    void includeHistoryGivesEveryRevision(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            KeyValue kv = filled(c, "W_HIST");
            Recorder r = new Recorder();
            try (NatsKeyValueWatchSubscription sub = kv.watchAll(r, KeyValueWatchOption.INCLUDE_HISTORY)) {
                assertEquals(List.of("a=PUT:1=a1", "b=PUT:2=b1", "a=PUT:3=a2", "b=DELETE:4", "c.x=PUT:5=c1",
                        "d=PURGE:6"), r.initial());
                kv.put("b", "b2");
                assertEquals(List.of("b=PUT:7=b2"), r.after(6, 7));
            }
        }
    }

    @AllTargets
    void ignoreDeleteSkipsMarkers(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            KeyValue kv = filled(c, "W_IGN");
            Recorder r = new Recorder();
            try (NatsKeyValueWatchSubscription sub = kv.watchAll(r, KeyValueWatchOption.IGNORE_DELETE,
                    KeyValueWatchOption.INCLUDE_HISTORY)) {
                assertEquals(List.of("a=PUT:1=a1", "b=PUT:2=b1", "a=PUT:3=a2", "c.x=PUT:5=c1"), r.initial());
                kv.delete("a");
                kv.put("e", "e1");
                assertEquals(List.of("e=PUT:8=e1"), r.after(4, 5));
            }
        }
    }

    @AllTargets
    void metaOnlyHasNoValues(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            KeyValue kv = filled(c, "W_META");
            Recorder r = new Recorder();
            List<Long> lengths = new CopyOnWriteArrayList<>();
            KeyValueWatcher both = new KeyValueWatcher() {
                @Override
                public void watch(KeyValueEntry e) {
                    lengths.add(e.getDataLen());
                    r.watch(e);
                }

                @Override
                public void endOfData() {
                    r.endOfData();
                }
            };
            try (NatsKeyValueWatchSubscription sub = kv.watchAll(both, KeyValueWatchOption.META_ONLY)) {
                assertEquals(List.of("a=PUT:3", "b=DELETE:4", "c.x=PUT:5", "d=PURGE:6"), r.initial());
                // The size of the value still comes, in Nats-Msg-Size.
                assertEquals(List.of(2L, 0L, 2L, 0L), new ArrayList<>(lengths));
            }
        }
    }

    /**
     * nats-server 2.9.10 sometimes delivers nothing to an updates-only watcher for updates made
     * right after the watch returned (about one run in 40 here; the CI saw it): its consumer,
     * created with deliver policy {@code new}, is not yet delivering. natsj delivers every
     * update after the watch returns, and is held to that; against nats-server the test keeps
     * updating until the watcher sees something, then checks that nothing that was already
     * there came.
     */
    @AllTargets
    void updatesOnlySkipsWhatIsThere(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            KeyValue kv = filled(c, "W_UPD");
            Recorder r = new Recorder();
            try (NatsKeyValueWatchSubscription sub = kv.watchAll(r, KeyValueWatchOption.UPDATES_ONLY)) {
                assertEquals(List.of(), r.initial());
                if (target == Target.NATSJ) {
                    kv.put("a", "a3");
                    kv.purge("b");
                    assertEquals(List.of("a=PUT:7=a3", "b=PURGE:8"), r.after(0, 2));
                    return;
                }
                long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
                long revision = 0;
                while (r.seen.isEmpty() && System.nanoTime() < deadline) {
                    revision = kv.put("a", "a3");
                    long sent = System.nanoTime();
                    while (r.seen.isEmpty() && System.nanoTime() - sent < 200_000_000L) {
                        Thread.sleep(5);
                    }
                }
                assertFalse(r.seen.isEmpty(), "the watcher saw no update");
                String first = r.seen.getFirst();
                long firstRevision = Long.parseLong(first.substring(first.indexOf(':') + 1, first.lastIndexOf('=')));
                assertTrue(first.startsWith("a=PUT:") && firstRevision >= 7 && firstRevision <= revision, first);
            }
        }
    }

    @AllTargets
    void watchOneKeyOrAWildcard(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            KeyValue kv = filled(c, "W_KEY");
            Recorder one = new Recorder();
            Recorder wild = new Recorder();
            try (NatsKeyValueWatchSubscription s1 = kv.watch("a", one);
                    NatsKeyValueWatchSubscription s2 = kv.watch("c.*", wild, KeyValueWatchOption.INCLUDE_HISTORY)) {
                assertEquals(List.of("a=PUT:3=a2"), one.initial());
                assertEquals(List.of("c.x=PUT:5=c1"), wild.initial());
                kv.put("c.y", "y1");
                kv.put("a", "a3");
                kv.put("cc", "not matched");
                assertEquals(List.of("a=PUT:8=a3"), one.after(1, 2));
                assertEquals(List.of("c.y=PUT:7=y1"), wild.after(1, 2));
                kv.put("c.x", "c2");
                assertEquals(List.of("c.y=PUT:7=y1", "c.x=PUT:10=c2"), wild.after(1, 3));
                assertEquals(List.of("a=PUT:8=a3"), one.after(1, 2));
            }
        }
    }

    @AllTargets
    void emptyBucketEndsAtOnceAndFromRevisionStartsThere(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.connection().keyValueManagement().create(KeyValueConfiguration.builder().name("W_EMPTY")
                    .maxHistoryPerKey(5).build());
            KeyValue kv = c.connection().keyValue("W_EMPTY");
            Recorder empty = new Recorder();
            try (NatsKeyValueWatchSubscription sub = kv.watchAll(empty)) {
                assertEquals(List.of(), empty.initial());
                kv.put("k", "v1");
                assertEquals(List.of("k=PUT:1=v1"), empty.after(0, 1));
            }
            kv.put("k", "v2");
            kv.put("k", "v3");
            Recorder from = new Recorder();
            try (NatsKeyValueWatchSubscription sub = kv.watchAll(from, 2)) {
                assertEquals(List.of("k=PUT:2=v2", "k=PUT:3=v3"), from.initial());
            }
        }
    }

    @AllTargets
    void aLargeBucketComesWholeThroughFlowControl(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.connection().keyValueManagement().create(KeyValueConfiguration.builder().name("W_LARGE")
                    .maxHistoryPerKey(2).build());
            KeyValue kv = c.connection().keyValue("W_LARGE");
            // 4 MiB of values: far past the consumer's flow control window, so the watch only
            // completes if every flow control request is answered and delivery resumes.
            byte[] value = new byte[1024];
            int keys = 2_000;
            var js = c.connection().jetStream();
            List<java.util.concurrent.CompletableFuture<?>> acks = new ArrayList<>();
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < keys; i++) {
                    acks.add(js.publishAsync("$KV.W_LARGE.k" + i, value));
                }
            }
            java.util.concurrent.CompletableFuture.allOf(acks.toArray(java.util.concurrent.CompletableFuture[]::new))
                    .get(30, java.util.concurrent.TimeUnit.SECONDS);
            Recorder latest = new Recorder();
            try (NatsKeyValueWatchSubscription sub = kv.watchAll(latest)) {
                assertEquals(keys, latest.initial().size());
            }
            Recorder history = new Recorder();
            try (NatsKeyValueWatchSubscription sub = kv.watchAll(history, KeyValueWatchOption.INCLUDE_HISTORY)) {
                assertEquals(2 * keys, history.initial().size());
            }
            assertEquals(keys, kv.keys().size());
        }
    }
}
