package io.natsj.tests.jetstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.tests.support.RawClient;
import io.natsj.tests.support.ServerUnderTest;
import io.natsj.tests.support.Target;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bytes of JetStream's own messages on the wire, on nats-server 2.9.10 and natsj, read by a
 * raw client: the MSG/HMSG control line of each (nats-server writes an empty reply field, two
 * spaces, for what its internal clients publish without a reply — PubAcks, advisories, direct
 * gets — but not for API answers, which reach the client through a service import), and where
 * stream and consumer advisories come relative to the API answer and its audit.
 *
 * <p>nats-server queues a stream or consumer advisory before the answer, but sends the two from
 * different goroutines, so it delivers them in either order (mostly the queued one); its audit
 * always follows the answer. natsj sends in the queued order: advisory, answer, audit. The test
 * holds both servers to what nats-server always does and natsj to the queued order.
 */
class JetStreamWireTest {

    /** One request and how many messages it brings back on both servers. */
    private record Step(String subject, String payload, int messages) {
    }

    private static final List<Step> STEPS = List.of(
            new Step("$JS.API.STREAM.CREATE.W", "{\"name\":\"W\",\"subjects\":[\"w\"],\"storage\":\"memory\","
                    + "\"allow_direct\":true}", 3),
            new Step("w", "hello", 1),
            new Step("$JS.API.DIRECT.GET.W", "{\"seq\":1}", 1),
            new Step("$JS.API.STREAM.UPDATE.W", "{\"name\":\"W\",\"subjects\":[\"w\",\"ww\"],\"storage\":\"memory\","
                    + "\"allow_direct\":true}", 3),
            new Step("$JS.API.CONSUMER.DURABLE.CREATE.W.D", "{\"stream_name\":\"W\",\"config\":{\"durable_name\":\"D\","
                    + "\"ack_policy\":\"explicit\"}}", 3),
            new Step("$JS.API.CONSUMER.DELETE.W.D", "", 3),
            new Step("$JS.API.STREAM.DELETE.W", "", 3));

    @Test
    void controlLinesAndAdvisoryOrderMatchNatsServer() throws Exception {
        List<List<String>> expected = play(Target.NATS_SERVER);
        List<List<String>> actual = play(Target.NATSJ);
        for (int i = 0; i < STEPS.size(); i++) {
            String step = STEPS.get(i).subject();
            assertEquals(sorted(expected.get(i)), sorted(actual.get(i)), "control lines after " + step);
            checkOrder(expected.get(i), false, "nats-server after " + step);
            checkOrder(actual.get(i), true, "natsj after " + step);
        }
        // The shapes themselves, so a change on both sides does not pass unnoticed.
        assertEquals(List.of("MSG $JS.EVENT.ADVISORY.API N  N", "MSG $JS.EVENT.ADVISORY.STREAM.CREATED.W N  N",
                "MSG _R.x N N"), sorted(expected.get(0)));
        assertEquals(List.of("MSG _R.x N  N"), expected.get(1));
        assertEquals(List.of("HMSG _R.x N  N N"), expected.get(2));
    }

    /** The API answer before its audit always; with {@code queued}, every advisory before the answer. */
    private static void checkOrder(List<String> lines, boolean queued, String what) {
        int answer = indexOf(lines, "MSG _R.x ");
        int audit = indexOf(lines, "MSG $JS.EVENT.ADVISORY.API ");
        if (audit < 0) {
            return;
        }
        assertTrue(answer >= 0 && answer < audit, what + ": " + lines);
        if (queued) {
            for (int i = 0; i < lines.size(); i++) {
                if (i != audit && lines.get(i).startsWith("MSG $JS.EVENT.ADVISORY.")) {
                    assertTrue(i < answer, what + ": advisory after the answer: " + lines);
                }
            }
        }
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> sorted(List<String> lines) {
        List<String> copy = new ArrayList<>(lines);
        copy.sort(null);
        return copy;
    }

    /** @return per step, the control lines in arrival order with every number written N */
    private static List<List<String>> play(Target target) throws Exception {
        List<List<String>> steps = new ArrayList<>();
        String dir = Files.createTempDirectory("js-wire").toString();
        try (ServerUnderTest server = target.start("jetstream { store_dir: \"" + dir + "\" }");
             RawClient c = RawClient.connect(server)) {
            c.send("SUB _R.> 1\r\nSUB $JS.EVENT.ADVISORY.> 2\r\n").sync();
            for (Step step : STEPS) {
                byte[] p = step.payload().getBytes(StandardCharsets.UTF_8);
                c.send("PUB " + step.subject() + " _R.x " + p.length + "\r\n" + step.payload() + "\r\n");
                List<String> lines = new ArrayList<>();
                while (lines.size() < step.messages()) {
                    String control = c.readLine();
                    String[] f = control.trim().split(" +");
                    c.readBytes(Integer.parseInt(f[f.length - 1]) + 2);
                    lines.add(control.replaceAll("\\d+", "N"));
                }
                steps.add(lines);
            }
            c.sync();
        }
        return steps;
    }
}
