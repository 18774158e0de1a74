package io.natsj.tests.jetstream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.natsj.tests.support.RawClient;
import io.natsj.tests.support.ServerUnderTest;
import io.natsj.tests.support.Target;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Plays a script of pull requests, acks and API calls against nats-server and natsj and
 * compares, step by step, every message the step brings back — deliveries with their subject,
 * ack reply and headers, status replies, double-ack replies, API answers and consumer
 * advisories — after replacing times, ids and the ack reply's timestamp. A step's messages are
 * compared as a sorted set: their order across subjects is not part of the contract.
 */
class ConsumerTranscriptEngineTest {

    private static final Pattern TIME = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
    private static final Pattern ID = Pattern.compile("\"id\":\"[A-Za-z0-9]{22}\"");
    private static final Pattern ACK_TS = Pattern.compile("(\\$JS\\.ACK\\.[^ ]+\\.)\\d{19}(\\.\\d+)");
    private static final Pattern ACK_TIME = Pattern.compile("\"ack_time\":\\d+");
    private static final Duration QUIET = Duration.ofMillis(150);

    @Test
    void stepsMatchNatsServer() throws Exception {
        List<String[]> steps = steps("consumer-acks.txt");
        List<List<String>> expected = play(Target.NATS_SERVER, steps, null);
        List<Integer> counts = expected.stream().map(List::size).toList();
        List<List<String>> actual = play(Target.NATSJ, steps, counts);
        for (int i = 0; i < steps.size(); i++) {
            assertEquals(String.join("\n", expected.get(i)), String.join("\n", actual.get(i)),
                    "after " + String.join("|", steps.get(i)));
        }
    }

    private static List<String[]> steps(String name) throws IOException {
        try (InputStream in = ConsumerTranscriptEngineTest.class.getResourceAsStream("/jetstream/" + name)) {
            List<String[]> out = new ArrayList<>();
            for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!l.isBlank() && !l.startsWith("#")) {
                    out.add(l.split("\\|", 3));
                }
            }
            return out;
        }
    }

    /**
     * @param counts how many messages each step brought from nats-server: natsj's are awaited
     *     (it may be slower to answer), then anything more is collected until the server is quiet
     */
    private static List<List<String>> play(Target target, List<String[]> steps, List<Integer> counts)
            throws Exception {
        List<List<String>> answers = new ArrayList<>();
        String dir = Files.createTempDirectory("js-consumers").toString();
        try (ServerUnderTest server = target.start("jetstream { store_dir: \"" + dir + "\" }");
             RawClient c = RawClient.connect(server)) {
            c.send("SUB _R.> 1\r\nSUB $JS.EVENT.ADVISORY.CONSUMER.> 2\r\nSUB $JS.EVENT.METRIC.> 3\r\nSUB _B 4\r\n").sync();
            for (String[] step : steps) {
                String payload = step.length > 1 ? step[1] : "";
                String reply = step.length > 2 ? step[2] : "_R.x";
                byte[] p = payload.getBytes(StandardCharsets.UTF_8);
                c.send("PUB " + step[0] + " " + reply + " " + p.length + "\r\n" + payload + "\r\n");
                try {
                    answers.add(gather(c, counts == null ? 0 : counts.get(answers.size())));
                } catch (AssertionError e) {
                    throw new AssertionError(target + " after " + String.join("|", step) + " having " + answers, e);
                }
            }
        }
        return answers;
    }

    /** @return the messages expected (waited for), then every other one until the server is quiet; normalized, sorted */
    private static List<String> gather(RawClient c, int expected) {
        List<String> got = new ArrayList<>();
        boolean barrierAnswered = false;
        while (true) {
            if (got.size() >= expected && c.silentFor(QUIET)) {
                if (barrierAnswered) {
                    break;
                }
                // A barrier: nats-server sends some advisories (a stream's consumers deleted with
                // it) after the API answer, from its internal send queue; an API request sent
                // now is answered through the same queue, so its answer comes after them.
                c.send("PUB $JS.API.INFO _B 0\r\n\r\n");
            }
            String control = c.readRawLineOrNull();
            if (control == null) {
                throw new AssertionError("connection closed");
            }
            if (control.equals("PING")) {
                // nats-server measures the round trip with a PING soon after connecting
                c.send("PONG\r\n");
                continue;
            }
            String[] f = control.trim().split(" +");
            int total = Integer.parseInt(f[f.length - 1]);
            String body = new String(c.readBytes(total + 2), 0, total, StandardCharsets.UTF_8);
            if (f[1].equals("_B")) {
                barrierAnswered = true;
                continue;
            }
            // subject and reply (when any); sid and sizes say nothing about behaviour
            boolean hmsg = f[0].equals("HMSG");
            int fields = f.length - (hmsg ? 2 : 1);
            String head = f[0] + " " + f[1] + (fields == 4 ? " " + f[3] : "");
            String text = head + " " + body;
            text = TIME.matcher(text).replaceAll("TS");
            text = ID.matcher(text).replaceAll("\"id\":\"ID\"");
            text = ACK_TS.matcher(text).replaceAll("$1TS$2");
            text = ACK_TIME.matcher(text).replaceAll("\"ack_time\":T");
            got.add(text);
        }
        got.sort(null);
        return got;
    }
}
