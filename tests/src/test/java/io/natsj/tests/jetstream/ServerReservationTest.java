package io.natsj.tests.jetstream;

import static io.natsj.tests.jetstream.JsClient.assertApiError;
import static io.natsj.tests.jetstream.JsClient.obj;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.Target;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's own {@code max_file_store}/{@code max_memory_store} hold what all its streams
 * reserve together ({@code max_bytes}), as nats-server 2.9.10's storeReserved/memReserved: a
 * new stream's {@code max_bytes} (1 when unset), or an update's growth, is added to the
 * reservations of every stream of every account.
 */
class ServerReservationTest {

    private static final int FILE = 10047;
    private static final int MEMORY = 10028;

    @AllTargets
    void fileStreamsReserveTheServersStorageTogether(Target target, @TempDir Path dir) throws Exception {
        check(target, dir, "file", FILE, "insufficient storage resources available");
    }

    @AllTargets
    void memoryStreamsReserveTheServersMemoryTogether(Target target, @TempDir Path dir) throws Exception {
        check(target, dir, "memory", MEMORY, "insufficient memory resources available");
    }

    private static void check(Target target, Path dir, String storage, int code, String text) throws Exception {
        String config = "jetstream { store_dir: \"" + dir + "\", max_file_store: 1000000, max_memory_store: 1000000 }\n"
                + "accounts { A { jetstream: enabled, users: [ {user: a, password: a} ] },"
                + " B { jetstream: enabled, users: [ {user: b, password: b} ] } }";
        try (var server = target.start(config);
             JsClient a = JsClient.connect(server, "a", "a");
             JsClient b = JsClient.connect(server, "b", "b")) {
            ok(a.api("$JS.API.STREAM.CREATE.ONE", stream("ONE", storage, 600000)));
            // Another account's stream counts too.
            assertApiError(b.api("$JS.API.STREAM.CREATE.TWO", stream("TWO", storage, 600000)), 500, code, text);
            ok(b.api("$JS.API.STREAM.CREATE.TWO", stream("TWO", storage, 300000)));
            assertApiError(b.api("$JS.API.STREAM.UPDATE.TWO", stream("TWO", storage, 500000)), 500, code, text);
            ok(b.api("$JS.API.STREAM.UPDATE.TWO", stream("TWO", storage, 400000)));
            // All reserved: even a stream without max_bytes (counted as 1 byte) is refused.
            assertApiError(a.api("$JS.API.STREAM.CREATE.THREE", stream("THREE", storage, -1)), 500, code, text);
            assertTrue(a.api("$JS.API.STREAM.DELETE.ONE").path("success").asBoolean());
            ok(a.api("$JS.API.STREAM.CREATE.THREE", stream("THREE", storage, -1)));
        }
    }

    private static String stream(String name, String storage, long maxBytes) {
        return obj("name", name, "subjects", List.of(name.toLowerCase()), "storage", storage, "max_bytes", maxBytes);
    }

    private static void ok(JsonNode reply) {
        assertTrue(reply.path("error").isMissingNode(), reply.toString());
    }
}
