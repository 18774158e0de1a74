package io.natsj.tests.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.Target;
import io.natsj.tests.websocket.WsServers.WsServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * nats.ws (the NATS client for browsers, from npm) in a headless Chromium: the page connects
 * over WebSocket with per-message deflate, publishes to a jnats subscriber on TCP, and answers
 * what jnats sends it (a 100 kB message, so that the server's 4 KiB browser frames are used).
 * Needs Debian's {@code chromium} and {@code npm} (nats.ws is installed under target/ once).
 */
class WebSocketBrowserTest {

    private static final Path CHROMIUM = Path.of(System.getProperty("natsj.test.chromium", "/usr/bin/chromium"));
    private static final String NATS_WS_VERSION = "1.30.3";
    private static final Path NPM_DIR = Path.of("target", "nats-ws");
    private static final Duration BROWSER_WAIT = Duration.ofSeconds(60);

    @AllTargets
    void browserPublishesAndReceives(Target target) throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "chromium not installed at " + CHROMIUM);
        Path bundle = natsWs();
        try (WsServer s = WsServers.start(target, "compression: true");
             Connection tcp = Nats.connect(new Options.Builder().server(s.server().clientUrl())
                     .connectionTimeout(Duration.ofSeconds(3)).noReconnect().build())) {
            Subscription fromBrowser = tcp.subscribe("from.browser");
            Subscription acks = tcp.subscribe("ack.browser");
            tcp.flush(Duration.ofSeconds(3));
            String page = """
                    <!doctype html><html><body><script type="module">
                    import { connect, StringCodec } from "/nats.js";
                    const sc = StringCodec();
                    const nc = await connect({ servers: "%s" });
                    const sub = nc.subscribe("to.browser");
                    (async () => {
                      for await (const m of sub) {
                        const text = sc.decode(m.data);
                        nc.publish("ack.browser", sc.encode("ack " + text.length + " " + text.slice(0, 5)));
                      }
                    })();
                    await nc.flush();
                    nc.publish("from.browser", sc.encode("hello from " + (navigator.userAgent.includes("Chrome") ? "chromium" : "?")));
                    </script></body></html>
                    """.formatted(s.wsUrl());
            try (PageServer http = new PageServer(Map.of(
                    "/index.html", new PageServer.Doc("text/html", page.getBytes(StandardCharsets.UTF_8)),
                    "/nats.js", new PageServer.Doc("text/javascript", Files.readAllBytes(bundle))))) {
                Path profile = Files.createTempDirectory("natsj-chromium");
                Process browser = new ProcessBuilder(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                        "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage",
                        "--user-data-dir=" + profile, "http://127.0.0.1:" + http.port() + "/index.html"))
                        .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
                try {
                    Message hello = fromBrowser.nextMessage(BROWSER_WAIT);
                    assertNotNull(hello, "no message from the browser: " + log(profile));
                    assertEquals("hello from chromium", new String(hello.getData(), StandardCharsets.UTF_8));
                    tcp.publish("to.browser", "small".getBytes(StandardCharsets.UTF_8));
                    byte[] big = "abcde".repeat(20_000).getBytes(StandardCharsets.UTF_8);
                    tcp.publish("to.browser", big);
                    Message ack1 = acks.nextMessage(Duration.ofSeconds(10));
                    Message ack2 = acks.nextMessage(Duration.ofSeconds(10));
                    assertNotNull(ack2, "the browser did not answer: " + log(profile));
                    assertEquals("ack 5 small", new String(ack1.getData(), StandardCharsets.UTF_8));
                    assertEquals("ack 100000 abcde", new String(ack2.getData(), StandardCharsets.UTF_8));
                } finally {
                    stop(browser);
                    deleteTree(profile);
                }
            }
        }
    }

    /** nats.ws's browser bundle, installed from npm under target/ on first use. */
    private static Path natsWs() throws IOException, InterruptedException {
        Path bundle = NPM_DIR.resolve("node_modules/nats.ws/esm/nats.js");
        if (!Files.exists(bundle)) {
            Files.createDirectories(NPM_DIR);
            Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--prefix",
                    NPM_DIR.toAbsolutePath().toString(), "nats.ws@" + NATS_WS_VERSION)
                    .redirectErrorStream(true).redirectOutput(NPM_DIR.resolve("npm.log").toFile()).start();
            assertTrue(npm.waitFor(180, TimeUnit.SECONDS), "npm install nats.ws timed out");
            assertEquals(0, npm.exitValue(), () -> "npm install nats.ws failed: " + readQuietly(NPM_DIR.resolve("npm.log")));
        }
        return bundle;
    }

    private static void stop(Process browser) throws InterruptedException {
        // Chromium runs helper processes (zygote, renderer, GPU); every one goes.
        List<ProcessHandle> children = browser.descendants().toList();
        browser.destroy();
        children.forEach(ProcessHandle::destroy);
        if (!browser.waitFor(10, TimeUnit.SECONDS)) {
            browser.destroyForcibly();
        }
        for (ProcessHandle c : children) {
            try {
                c.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                c.destroyForcibly();
            }
        }
    }

    private static String log(Path profile) {
        return readQuietly(profile.resolve("chromium.log"));
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
