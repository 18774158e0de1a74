package io.natsj.tests.jetstream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.KeyValueWatcher;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * jnats's KeyValue on both servers: get is a direct get, but keys, history and watch read the
 * bucket's stream through ordered push consumers (flow control and heartbeats).
 */
class KeyValueSmokeTest {

    @RegisterExtension
    static final JetStreamServers servers = new JetStreamServers();

    @AllTargets
    void putGetKeysHistoryWatch(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.connection().keyValueManagement().create(KeyValueConfiguration.builder().name("SMOKE")
                    .maxHistoryPerKey(5).build());
            KeyValue kv = c.connection().keyValue("SMOKE");
            assertEquals(1, kv.put("a", "a1".getBytes(UTF_8)));
            assertEquals(2, kv.put("b", "b1".getBytes(UTF_8)));
            assertEquals(3, kv.put("a", "a2".getBytes(UTF_8)));
            kv.delete("b");
            assertEquals("a2", new String(kv.get("a").getValue(), UTF_8));
            assertNull(kv.get("b"));
            assertEquals(Set.of("a"), new TreeSet<>(kv.keys()));
            List<String> history = new ArrayList<>();
            for (KeyValueEntry e : kv.history("a")) {
                history.add(new String(e.getValue(), UTF_8));
            }
            assertEquals(List.of("a1", "a2"), history);
            List<KeyValueEntry> bHistory = kv.history("b");
            assertEquals(2, bHistory.size());
            assertEquals(KeyValueOperation.DELETE, bHistory.get(1).getOperation());

            ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Boolean> done = new ConcurrentLinkedQueue<>();
            KeyValueWatcher w = new KeyValueWatcher() {
                @Override
                public void watch(KeyValueEntry e) {
                    seen.add(e.getKey() + "=" + e.getOperation() + ":"
                            + (e.getValue() == null ? "" : new String(e.getValue(), UTF_8)));
                }

                @Override
                public void endOfData() {
                    done.add(true);
                }
            };
            var sub = kv.watchAll(w);
            PushConsumerTest.await("end of data", () -> !done.isEmpty());
            assertEquals(List.of("a=PUT:a2", "b=DELETE:"), new ArrayList<>(seen));
            kv.put("c", "c1".getBytes(UTF_8));
            PushConsumerTest.await("watched put", () -> seen.size() >= 3);
            assertEquals("c=PUT:c1", new ArrayList<>(seen).get(2));
            sub.unsubscribe();
            assertNotNull(kv.getStatus());
            assertEquals(5, kv.getStatus().getEntryCount());
        }
    }
}
