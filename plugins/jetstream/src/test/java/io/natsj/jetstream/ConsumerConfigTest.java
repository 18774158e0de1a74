package io.natsj.jetstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Consumer config JSON as nats-server 2.9.10 reads and writes it, and Go's duration text. */
class ConsumerConfigTest {

    private static ConsumerConfig parse(String json) throws Exception {
        return ConsumerConfig.parse(Json.MAPPER.readTree(json));
    }

    @Test
    void defaultsAndFieldOrderOfAPullConsumer() throws Exception {
        ConsumerConfig c = parse("{\"durable_name\":\"D\",\"ack_policy\":\"explicit\"}").withDefaults(-1);
        assertEquals("{\"durable_name\":\"D\",\"deliver_policy\":\"all\",\"ack_policy\":\"explicit\","
                + "\"ack_wait\":30000000000,\"max_deliver\":-1,\"replay_policy\":\"instant\",\"max_waiting\":512,"
                + "\"max_ack_pending\":1000,\"num_replicas\":0}", new String(Json.bytes(c.toJson())));
    }

    @Test
    void backoffSetsAckWaitAndAccountLimitCapsMaxAckPending() throws Exception {
        ConsumerConfig c = parse("{\"ack_policy\":\"all\",\"backoff\":[5,7],\"max_deliver\":3}").withDefaults(10);
        assertEquals(5, c.ackWait());
        assertEquals(10, c.maxAckPending());
        assertEquals(ConsumerConfig.DEFAULT_INACTIVE_THRESHOLD, c.withEphemeralThreshold().inactiveThreshold());
    }

    @Test
    void goRefusesWrongTypesAndUnknownEnums() {
        assertThrows(ConsumerConfig.BadJson.class, () -> parse("{\"ack_policy\":\"bogus\"}"));
        assertThrows(ConsumerConfig.BadJson.class, () -> parse("{\"ack_wait\":\"1s\"}"));
        assertThrows(ConsumerConfig.BadJson.class, () -> parse("{\"opt_start_seq\":-1}"));
        assertThrows(ConsumerConfig.BadJson.class, () -> parse("{\"headers_only\":1}"));
    }

    @Test
    void startTimeKeepsGoSpelling() throws Exception {
        ConsumerConfig c = parse("{\"deliver_policy\":\"by_start_time\",\"opt_start_time\":\"2020-01-02T03:04:05.120Z\"}");
        assertEquals("2020-01-02T03:04:05.12Z", c.optStartTime());
    }

    @Test
    void goDurations() {
        assertEquals("2s", GoDuration.format(2_000_000_000L));
        assertEquals("1.5s", GoDuration.format(1_500_000_000L));
        assertEquals("100ms", GoDuration.format(100_000_000L));
        assertEquals("1m30s", GoDuration.format(90_000_000_000L));
        assertEquals("1h0m0s", GoDuration.format(3_600_000_000_000L));
        assertEquals(1_500_000_000L, GoDuration.parse("1.5s"));
        assertEquals(90_000_000_000L, GoDuration.parse("1m30s"));
        assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("soon"));
    }
}
