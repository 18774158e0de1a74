package io.natsj.tests.operator;

import static io.natsj.tests.operator.JwtAccounts.newAccount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.natsj.nkeys.NKey;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.ServerUnderTest;
import io.natsj.tests.support.Target;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;

/**
 * JetStream {@code tiered_limits} in account JWTs on a single server, against natsj and
 * nats-server 2.9.10: a stream is held to the limits of its tier ({@code R<num_replicas>} as
 * requested), a stream whose tier has none is refused with 10120 (also one that gives no
 * {@code num_replicas}: tier R0), an R3 stream passes its tier's limits (max_bytes counted
 * three times) and is then refused with 10074, and account info shows the tiers with empty
 * top-level limits. Tiers, when present, replace the untiered limits; a configuration file has
 * no tiers. A stream update is held to the tier of its new replicas, else (replicas changed) to
 * that of its old ones, and a single server lets it change the replicas: the stream then moves
 * to the new tier when that has limits, and is no longer loaded after a restart.
 */
class TieredLimitsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    private static void tier(ObjectNode nats, String name, long mem, long disk, long streams) {
        ObjectNode limits = (ObjectNode) nats.get("limits");
        ObjectNode tiers = limits.has("tiered_limits") ? (ObjectNode) limits.get("tiered_limits")
                : limits.putObject("tiered_limits");
        tiers.putObject(name).put("mem_storage", mem).put("disk_storage", disk).put("streams", streams)
                .put("consumer", 5);
    }

    private static JsonNode request(Connection nc, String subject, String body) throws Exception {
        Message m = nc.request(subject, body.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(3));
        assertNotNull(m, subject);
        return JSON.readTree(m.getData());
    }

    /** @return the error code of a stream create, 0 when it succeeded */
    private static int create(Connection nc, String name, String extra) throws Exception {
        JsonNode r = request(nc, "$JS.API.STREAM.CREATE." + name, "{\"name\":\"" + name + "\",\"subjects\":[\""
                + name.toLowerCase() + "\"],\"storage\":\"memory\"" + extra + "}");
        return r.path("error").path("err_code").asInt(0);
    }

    /** @return the answer to an update of a memory stream made by {@link #create} */
    private static JsonNode update(Connection nc, String name, String extra) throws Exception {
        return request(nc, "$JS.API.STREAM.UPDATE." + name, "{\"name\":\"" + name + "\",\"subjects\":[\""
                + name.toLowerCase() + "\"],\"storage\":\"memory\"" + extra + "}");
    }

    private static int code(JsonNode r) {
        return r.path("error").path("err_code").asInt(0);
    }

    private String config(JwtAccounts accs) {
        return accs.config() + "jetstream { store_dir: \"" + dir.resolve("js") + "\" }\n";
    }

    @AllTargets
    void onlyAnR1TierServesSingleReplicaStreams(Target target) throws Exception {
        JwtAccounts accs = new JwtAccounts(dir);
        NKey account = accs.account(newAccount(), n -> tier(n, "R1", MIB, MIB, 2));
        try (ServerUnderTest server = target.start(config(accs));
                Connection nc = accs.connect(server, account)) {
            assertEquals(10120, create(nc, "A", ""), "no num_replicas: tier R0");
            assertEquals(0, create(nc, "B", ",\"num_replicas\":1"));
            assertEquals(10120, create(nc, "C", ",\"num_replicas\":3"));
            assertEquals(10028, create(nc, "D", ",\"num_replicas\":1,\"max_bytes\":" + (2 * MIB)));
            assertEquals(0, create(nc, "E", ",\"num_replicas\":1"));
            assertEquals(10027, create(nc, "F", ",\"num_replicas\":1"), "the tier's max streams");
            JsonNode info = request(nc, "$JS.API.INFO", "");
            assertEquals(2, info.path("streams").asInt());
            assertEquals(0, info.path("limits").path("max_memory").asLong(), "top-level limits are empty");
            assertEquals(0, info.path("limits").path("max_streams").asLong());
            JsonNode r1 = info.path("tiers").path("R1");
            assertEquals(2, r1.path("streams").asInt());
            assertEquals(MIB, r1.path("limits").path("max_memory").asLong());
            assertEquals(2, r1.path("limits").path("max_streams").asInt());
            assertEquals(-1, r1.path("limits").path("max_ack_pending").asInt());
            assertFalse(info.path("tiers").has("R3"));
            // Messages are stored under the tier's limits.
            Message ack = nc.request("b", "x".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(3));
            assertTrue(new String(ack.getData(), StandardCharsets.UTF_8).contains("\"seq\":1"));
        }
    }

    @AllTargets
    void onlyAnR3TierRefusesEveryStream(Target target) throws Exception {
        JwtAccounts accs = new JwtAccounts(dir);
        NKey account = accs.account(newAccount(), n -> tier(n, "R3", MIB, MIB, 2));
        try (ServerUnderTest server = target.start(config(accs));
                Connection nc = accs.connect(server, account)) {
            assertEquals(10120, create(nc, "A", ",\"num_replicas\":1"));
            assertEquals(10074, create(nc, "B", ",\"num_replicas\":3"), "R3 passes its tier, then replicas");
            assertEquals(10028, create(nc, "C", ",\"num_replicas\":3,\"max_bytes\":500000"),
                    "max_bytes times three replicas is over the tier's memory");
            JsonNode info = request(nc, "$JS.API.INFO", "");
            assertEquals(0, info.path("streams").asInt());
            assertEquals(MIB, info.path("tiers").path("R3").path("limits").path("max_memory").asLong());
            assertFalse(info.path("tiers").has("R1"));
        }
    }

    @AllTargets
    void bothTiersEachWithItsOwnLimits(Target target) throws Exception {
        JwtAccounts accs = new JwtAccounts(dir);
        NKey account = accs.account(newAccount(), n -> {
            tier(n, "R1", MIB, MIB, 1);
            tier(n, "R3", 3 * MIB, 3 * MIB, 4);
        });
        NKey zeroR1 = accs.account(newAccount(), n -> {
            tier(n, "R1", 0, 0, 1);
            tier(n, "R3", MIB, 0, 4);
        });
        try (ServerUnderTest server = target.start(config(accs));
                Connection nc = accs.connect(server, account);
                Connection zero = accs.connect(server, zeroR1)) {
            assertEquals(0, create(nc, "A", ",\"num_replicas\":1"));
            assertEquals(10027, create(nc, "B", ",\"num_replicas\":1"));
            assertEquals(10074, create(nc, "C", ",\"num_replicas\":3,\"max_bytes\":1000000"));
            JsonNode tiers = request(nc, "$JS.API.INFO", "").path("tiers");
            assertEquals(1, tiers.path("R1").path("streams").asInt());
            assertEquals(0, tiers.path("R3").path("streams").asInt());
            assertEquals(4, tiers.path("R3").path("limits").path("max_streams").asInt());
            // A tier with no memory enables JetStream through another tier but holds no stream.
            assertEquals(10028, create(zero, "D", ",\"num_replicas\":1"));
            assertEquals(10074, create(zero, "E", ",\"num_replicas\":3"));
        }
    }

    @AllTargets
    void tiersTakeOverFromTheUntieredLimits(Target target) throws Exception {
        JwtAccounts accs = new JwtAccounts(dir);
        NKey both = accs.account(newAccount(), n -> {
            ((ObjectNode) n.get("limits")).put("mem_storage", 2048).put("disk_storage", 2048);
            tier(n, "R1", 4096, 4096, 0);
        });
        NKey emptyTier = accs.account(newAccount(), n -> {
            ((ObjectNode) n.get("limits")).put("mem_storage", 2048).put("disk_storage", 2048);
            tier(n, "R1", 0, 0, 3);
        });
        try (ServerUnderTest server = target.start(config(accs));
                Connection nc = accs.connect(server, both);
                Connection off = accs.connect(server, emptyTier)) {
            JsonNode info = request(nc, "$JS.API.INFO", "");
            assertEquals(0, info.path("limits").path("max_memory").asLong());
            assertEquals(4096, info.path("tiers").path("R1").path("limits").path("max_memory").asLong());
            assertEquals(10039, request(off, "$JS.API.INFO", "").path("error").path("err_code").asInt(),
                    "tiers without storage leave JetStream off, whatever the untiered limits say");
        }
    }

    @AllTargets
    void aConfiguredAccountHasNoTiers(Target target) {
        String config = "jetstream { store_dir: \"" + dir.resolve("js") + "\" }\n"
                + "accounts { A: { jetstream: { tiers: { R1: { max_mem: 1M } } } } }\n";
        Exception e = assertThrows(Exception.class, () -> target.start(config).close());
        assertTrue(e.getMessage().contains("unknown field \"tiers\""), e.getMessage());
    }

    @AllTargets
    void anUpdateIsHeldToItsTier(Target target) throws Exception {
        JwtAccounts accs = new JwtAccounts(dir);
        NKey account = accs.account(newAccount(), n -> tier(n, "R1", MIB, MIB, 3));
        try (ServerUnderTest server = target.start(config(accs));
                Connection nc = accs.connect(server, account)) {
            assertEquals(10026, create(nc, "C", ",\"num_replicas\":1,\"max_consumers\":9"), "the tier's consumers");
            assertEquals(0, create(nc, "S", ",\"num_replicas\":1"));
            assertEquals(0, create(nc, "T", ",\"num_replicas\":1,\"max_bytes\":400000"));
            JsonNode storage = request(nc, "$JS.API.STREAM.UPDATE.S", "{\"name\":\"S\",\"subjects\":[\"s\"]}");
            assertEquals(10052, code(storage));
            assertEquals("stream configuration update can not change storage type",
                    storage.path("error").path("description").asText());
            // T reserves 400000; S's unset max_bytes counts as -1 beside it, and what S adds is
            // its growth from -1: one byte more than the tier's MiB, then exactly the MiB.
            JsonNode over = update(nc, "S", ",\"max_bytes\":" + (MIB - 400000 + 1));
            assertEquals(10028, code(over));
            assertEquals("insufficient memory resources available", over.path("error").path("description").asText());
            assertEquals(MIB - 400000, update(nc, "S", ",\"max_bytes\":" + (MIB - 400000)).path("config")
                    .path("max_bytes").asLong(), "no num_replicas: R1");
            // No R3 tier: an update to R3 is held to R1's limits, the two added replicas counted.
            assertEquals(10028, code(update(nc, "S", ",\"num_replicas\":3,\"max_bytes\":" + (MIB - 400000))));
            assertEquals(0, code(update(nc, "S", ",\"num_replicas\":1,\"max_bytes\":300000")));
            JsonNode r3 = update(nc, "S", ",\"num_replicas\":3,\"max_bytes\":300000");
            assertEquals(3, r3.path("config").path("num_replicas").asInt(), "no 10074 on update: " + r3);
            JsonNode tiers = request(nc, "$JS.API.INFO", "").path("tiers");
            assertEquals(2, tiers.path("R1").path("streams").asInt(), "counted where it was");
            assertFalse(tiers.has("R3"));
            assertEquals(10120, code(update(nc, "S", ",\"num_replicas\":3,\"max_bytes\":200000")),
                    "replicas unchanged, no limits for them");
            assertEquals(10120, code(update(nc, "S", ",\"num_replicas\":2,\"max_bytes\":300000")),
                    "no limits for the new replicas nor the old");
            assertEquals(10028, code(update(nc, "S", ",\"num_replicas\":1,\"max_bytes\":300000")),
                    "back to R1: its three replicas of 300000 still reserved beside T");
            assertEquals(0, create(nc, "U", ",\"num_replicas\":1"));
            assertEquals(0, create(nc, "V", ",\"num_replicas\":1"), "S no longer counts among R1's three streams");
            request(nc, "$JS.API.STREAM.DELETE.T", "");
            assertEquals(1, update(nc, "S", ",\"num_replicas\":1,\"max_bytes\":300000").path("config")
                    .path("num_replicas").asInt());
        }
    }

    @AllTargets
    void anUpdateMovesAStreamToATierWithLimits(Target target) throws Exception {
        JwtAccounts accs = new JwtAccounts(dir);
        NKey account = accs.account(newAccount(), n -> {
            tier(n, "R1", MIB, MIB, 3);
            tier(n, "R3", 3 * MIB, 3 * MIB, 4);
        });
        NKey smallR3 = accs.account(newAccount(), n -> {
            tier(n, "R1", 4 * MIB, 4 * MIB, 3);
            tier(n, "R3", MIB, MIB, 4);
        });
        try (ServerUnderTest server = target.start(config(accs));
                Connection nc = accs.connect(server, account);
                Connection small = accs.connect(server, smallR3)) {
            assertEquals(0, create(nc, "S", ",\"num_replicas\":1,\"max_bytes\":500000"));
            Message ack = nc.request("s", "x".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(3));
            assertTrue(new String(ack.getData(), StandardCharsets.UTF_8).contains("\"seq\":1"));
            assertEquals(3, update(nc, "S", ",\"num_replicas\":3,\"max_bytes\":500000").path("config")
                    .path("num_replicas").asInt(), "1.5 MB of R3's 3 MiB");
            JsonNode info = request(nc, "$JS.API.INFO", "");
            JsonNode tiers = info.path("tiers");
            assertEquals(0, tiers.path("R1").path("streams").asInt());
            assertEquals(0, tiers.path("R1").path("memory").asLong());
            assertEquals(1, tiers.path("R3").path("streams").asInt());
            assertTrue(info.path("memory").asLong() > 0, info.toString());
            assertEquals(info.path("memory").asLong(), tiers.path("R3").path("memory").asLong(), "its bytes moved too");
            assertEquals(10028, code(update(nc, "S", ",\"num_replicas\":1,\"max_bytes\":100000")),
                    "3 × 500000 reserved against R1's MiB");
            assertEquals(2, update(nc, "S", ",\"num_replicas\":2,\"max_bytes\":500000").path("config")
                    .path("num_replicas").asInt(), "no R2 tier: held to R3's");
            assertEquals(1, request(nc, "$JS.API.INFO", "").path("tiers").path("R3").path("streams").asInt(),
                    "kept in R3");
            // R3's MiB holds 500000 once, not three times.
            assertEquals(0, create(small, "S", ",\"num_replicas\":1,\"max_bytes\":500000"));
            assertEquals(10028, code(update(small, "S", ",\"num_replicas\":3,\"max_bytes\":500000")));
            assertEquals(10028, code(update(small, "S", ",\"num_replicas\":3,\"max_bytes\":300000")),
                    "the old max_bytes stays reserved beside the added replicas");
        }
    }

    @AllTargets
    void anUpdatesMaxBytesRulesComeBeforeTheLookup(Target target) throws Exception {
        JwtAccounts accs = new JwtAccounts(dir);
        NKey account = accs.account(newAccount(), n -> {
            tier(n, "R1", MIB, MIB, 3);
            ((ObjectNode) n.get("limits").get("tiered_limits").get("R1")).put("max_bytes_required", true)
                    .put("mem_max_stream_bytes", 1000);
        });
        try (ServerUnderTest server = target.start(config(accs));
                Connection nc = accs.connect(server, account)) {
            assertEquals(10113, code(update(nc, "NONE", "")));
            assertEquals(10122, code(update(nc, "NONE", ",\"max_bytes\":2000")));
            assertEquals(10059, code(update(nc, "NONE", ",\"max_bytes\":1000")));
            assertEquals(0, create(nc, "S", ",\"num_replicas\":1,\"max_bytes\":1000"));
            assertEquals(10113, code(update(nc, "S", ",\"max_bytes\":-1")));
            assertEquals(10122, code(update(nc, "S", ",\"max_bytes\":1001")));
            assertEquals(0, code(update(nc, "S", ",\"max_bytes\":1000,\"num_replicas\":3")),
                    "no R3 tier, so no R3 rules; R1's limits hold it");
        }
    }

    @AllTargets
    void aStreamUpdatedToR3IsNotLoadedAfterARestart(Target target) throws Exception {
        JwtAccounts accs = new JwtAccounts(dir);
        NKey account = accs.account(newAccount(), n -> tier(n, "R1", MIB, MIB, 3));
        String file = "\",\"storage\":\"file\",\"num_replicas\":";
        try (ServerUnderTest server = target.start(config(accs));
                Connection nc = accs.connect(server, account)) {
            for (String name : new String[] {"F", "G"}) {
                JsonNode r = request(nc, "$JS.API.STREAM.CREATE." + name, "{\"name\":\"" + name + file + "1}");
                assertTrue(r.path("did_create").asBoolean(), r.toString());
            }
            JsonNode r = request(nc, "$JS.API.STREAM.UPDATE.F", "{\"name\":\"F" + file + "3}");
            assertEquals(3, r.path("config").path("num_replicas").asInt(), r.toString());
        }
        try (ServerUnderTest server = target.start(config(accs));
                Connection nc = accs.connect(server, account)) {
            JsonNode names = request(nc, "$JS.API.STREAM.NAMES", "");
            assertEquals("[\"G\"]", names.path("streams").toString(), "replicas > 1 not supported in non-clustered mode");
        }
    }
}
