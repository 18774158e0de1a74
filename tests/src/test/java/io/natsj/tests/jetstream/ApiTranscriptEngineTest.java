package io.natsj.tests.jetstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Plays a transcript of JetStream requests and publishes against nats-server and natsj and
 * compares every answer byte for byte, after replacing timestamps: the JSON shapes, field
 * order, error codes and texts, acknowledgements and direct-get headers must be the same.
 */
class ApiTranscriptEngineTest {

    private static final Pattern TIME = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"api-streams.txt", "publish-limits.txt", "direct-interest.txt", "api-consumers.txt"})
    void answersMatchNatsServer(String transcript) throws Exception {
        List<String> lines = lines(transcript);
        List<String> expected = play(Target.NATS_SERVER, lines);
        List<String> actual = play(Target.NATSJ, lines);
        for (int i = 0; i < lines.size(); i++) {
            assertEquals(expected.get(i), actual.get(i), "answer to " + lines.get(i));
        }
    }

    private static List<String> lines(String name) throws IOException {
        try (InputStream in = ApiTranscriptEngineTest.class.getResourceAsStream("/jetstream/" + name)) {
            List<String> out = new ArrayList<>();
            for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!l.isBlank() && !l.startsWith("#")) {
                    out.add(l);
                }
            }
            return out;
        }
    }

    private static List<String> play(Target target, List<String> lines) throws Exception {
        List<String> answers = new ArrayList<>();
        String dir = Files.createTempDirectory("js-transcript").toString();
        try (ServerUnderTest server = target.start("jetstream { store_dir: \"" + dir + "\" }");
             RawClient c = RawClient.connect(server)) {
            c.send("SUB _R.> 1\r\n").sync();
            for (String line : lines) {
                boolean silent = line.startsWith("!");
                String[] parts = (silent ? line.substring(1) : line).split("\\|", 3);
                send(c, parts[0], parts.length > 1 ? parts[1] : "", parts.length > 2 ? parts[2] : "");
                if (silent) {
                    assertTrue(c.silentFor(Duration.ofMillis(300)), "no answer expected to " + line);
                    answers.add("");
                } else {
                    try {
                        answers.add(TIME.matcher(read(c)).replaceAll("TS"));
                    } catch (AssertionError e) {
                        throw new AssertionError(target + " did not answer " + line, e);
                    }
                }
            }
        }
        return answers;
    }

    @SuppressWarnings("unchecked")
    private static void send(RawClient c, String subject, String payload, String headersJson) throws IOException {
        byte[] p = payload.getBytes(StandardCharsets.UTF_8);
        if (headersJson.isEmpty()) {
            c.send("PUB " + subject + " _R.x " + p.length + "\r\n" + payload + "\r\n");
            return;
        }
        StringBuilder h = new StringBuilder("NATS/1.0\r\n");
        for (Map.Entry<String, Object> e : ((Map<String, Object>) JSON.readValue(headersJson, Map.class)).entrySet()) {
            h.append(e.getKey()).append(": ").append(e.getValue()).append("\r\n");
        }
        h.append("\r\n");
        int hl = h.toString().getBytes(StandardCharsets.UTF_8).length;
        c.send("HPUB " + subject + " _R.x " + hl + " " + (hl + p.length) + "\r\n" + h + payload + "\r\n");
    }

    /** @return the next message: its header block (when any) and payload */
    private static String read(RawClient c) {
        String control = c.readLine();
        String[] f = control.split(" ");
        int total = Integer.parseInt(f[f.length - 1]);
        byte[] body = c.readBytes(total + 2);
        String text = new String(body, 0, total, StandardCharsets.UTF_8);
        return control.startsWith("HMSG") ? "HDR " + text : text;
    }
}
