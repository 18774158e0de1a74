import io.natsj.nkeys.NKey;
import io.natsj.nkeys.NKeyType;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * The AOT cache's training run (JEP 483/514/515), run by build-image.sh as a source-file program
 * with the natsj-nkeys and bcprov jars on its class path.
 *
 * <p>Starts the image's own server through its launcher with {@code -XX:AOTCacheOutput}, with a
 * config that switches on every plugin the image has (TLS with client certificates, bcrypt and
 * NKey users, a cluster with a second server over TLS routes, a gateway listener, a WebSocket listener with
 * compression, monitoring), drives each of those
 * paths as a client would (the handshake, CONNECT, SUB, PUB, HPUB, a request, routed messages,
 * the monitoring pages), then stops it with SIGTERM: the JVM writes the cache as it exits. So a
 * server started with any plugin configured finds its start path's classes, loaded and
 * linked, in the cache. A failure leaves no cache and exits non-zero; the caller only warns.
 *
 * <pre>java -cp NKEYS.jar:BCPROV.jar AotTraining.java IMAGE_DIR CERT_DIR</pre>
 */
public final class AotTraining {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Pattern PORTS = Pattern.compile("\"(nats|monitoring|cluster|websocket)\":\\[\"[a-z]+://[^\"]*:(\\d+)\"");
    private static final Pattern NONCE = Pattern.compile("\"nonce\":\"([^\"]+)\"");
    /** nats-server's own test hash (cost 10) of "bar". */
    private static final String BCRYPT_BAR = "$2a$10$LoRPzN3GtF2pNX5QgCBBHeUr6/zVN./RVGOu5U8SpHyg2sfzvfXji";
    private static final String PASSWORD_AUTH = "\"user\":\"train\",\"pass\":\"bar\"";

    private final Path image;
    private final Path certs;
    private final Path work;
    private final Set<String> plugins;
    private final NKey user = NKey.create(NKeyType.USER);
    private final List<Process> servers = new ArrayList<>();

    private AotTraining(Path image, Path certs) throws IOException {
        this.image = image;
        this.certs = certs;
        this.work = Files.createTempDirectory("natsj-aot");
        this.plugins = Set.copyOf(Files.readAllLines(image.resolve("lib/plugins")));
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: java AotTraining.java IMAGE_DIR CERT_DIR");
            System.exit(2);
        }
        var training = new AotTraining(Path.of(args[0]), Path.of(args[1]));
        Path cache = training.image.resolve("lib/natsj.aot");
        Files.deleteIfExists(cache);
        try {
            training.run(cache);
        } catch (Exception | AssertionError e) {
            training.servers.forEach(Process::destroyForcibly);
            Files.deleteIfExists(cache);
            System.err.println("[natsj-aot] training failed: " + e);
            System.exit(1);
        }
        training.servers.forEach(Process::destroyForcibly);
        training.removeWorkDirectory();
        if (!Files.isRegularFile(cache) || Files.size(cache) == 0) {
            System.err.println("[natsj-aot] the JVM wrote no AOT cache");
            System.exit(1);
        }
        System.err.printf("[natsj-aot] AOT cache %d MiB (plugins: %s)%n", Files.size(cache) >> 20, training.plugins);
    }

    private void run(Path cache) throws Exception {
        boolean cluster = plugins.contains("routes");
        Path seedDir = Files.createDirectories(work.resolve("seed"));
        // No method profiles in the cache (-AOTRecordTraining): replaying them makes the JIT
        // compile at start what a fresh server may never need, 0.06 s of CPU per start (0.35 ->
        // 0.29 s) and 6 MiB of RSS; hot code is compiled as it gets hot, as without a cache.
        Process seed = start("seed", config(null), seedDir,
                "-XX:AOTCacheOutput=" + cache + " -XX:+UnlockDiagnosticVMOptions -XX:-AOTRecordTraining");
        String seedPorts = awaitPorts(seed, seedDir);
        int clientPort = port(seedPorts, "nats");

        if (cluster) {
            Path peerDir = Files.createDirectories(work.resolve("peer"));
            Process peer = start("peer", config(port(seedPorts, "cluster")), peerDir, null);
            int peerPort = port(awaitPorts(peer, peerDir), "nats");
            try (var subscriber = connect(peerPort); var publisher = connect(clientPort)) {
                subscriber.send("SUB train.routed 1\r\nPING\r\n");
                subscriber.await("PONG");
                // Interest crosses the route asynchronously: publish until a message arrives.
                var arrived = CompletableFuture.runAsync(() -> subscriber.awaitUnchecked("MSG train.routed"));
                long until = System.nanoTime() + DEADLINE.toNanos();
                while (!arrived.isDone() && System.nanoTime() < until) {
                    publisher.send("PUB train.routed 5\r\nhello\r\nPING\r\n");
                    publisher.await("PONG");
                }
                arrived.get(1, TimeUnit.SECONDS);
                subscriber.send("PING\r\n");
                publisher.send("HPUB train.routed 18 23\r\nNATS/1.0\r\nA: b\r\n\r\nhello\r\n");
                subscriber.await("HMSG train.routed");
            }
        }
        try (var client = connect(clientPort)) {
            StringBuilder load = new StringBuilder("SUB train.> 1\r\nSUB train.q q 2\r\nSUB _INBOX.train 3\r\n");
            for (int i = 0; i < 200; i++) {
                load.append("PUB train.a 5\r\nhello\r\nHPUB train.q 18 23\r\nNATS/1.0\r\nK: v\r\n\r\nhello\r\n")
                        .append("PUB train.req _INBOX.train 2\r\nhi\r\n");
            }
            client.send(load.append("UNSUB 2\r\nUNSUB 1 5\r\nPING\r\n").toString());
            client.await("PONG");
        }
        if (plugins.contains("jetstream")) {
            trainJetStream(clientPort);
        }
        if (plugins.contains("websocket")) {
            WebSocketTraining.run(port(seedPorts, "websocket"), plugins.contains("tls") ? tlsContext() : null, this::authFields);
        }
        if (plugins.contains("token") && plugins.contains("nkey")) {
            connect(clientPort, PASSWORD_AUTH).close(); // the other clients sign with the NKey
        }
        int monitor = port(seedPorts, "monitoring");
        for (String page : List.of("varz", "connz?subs=1", "subsz", "routez", "healthz", "jsz?accounts=true&streams=true")) {
            var http = (HttpURLConnection) URI.create("http://127.0.0.1:" + monitor + "/" + page).toURL().openConnection();
            try (InputStream in = http.getInputStream()) {
                in.readAllBytes();
            }
        }

        seed.destroy(); // SIGTERM: the JVM writes the cache on its way out
        if (!seed.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("server did not stop on SIGTERM");
        }
        if (seed.exitValue() != 0 && seed.exitValue() != 143) {
            throw new AssertionError("server exited with " + seed.exitValue() + ": " + Files.readString(seedDir.resolve("log")));
        }
    }

    /**
     * JetStream's start path: a stream per store in the image, publishes acknowledged through
     * the store's listener, a message get and stream info.
     */
    private void trainJetStream(int clientPort) throws Exception {
        try (var client = connect(clientPort)) {
            client.send("SUB _INBOX.js.> 9\r\n");
            int n = 0;
            for (String storage : List.of("memory", "file")) {
                if (!plugins.contains(storage)) {
                    continue;
                }
                String name = "TRAIN_" + storage.toUpperCase(java.util.Locale.ROOT);
                String subject = "train.js." + storage;
                request(client, "$JS.API.STREAM.CREATE." + name, "{\"name\":\"" + name + "\",\"subjects\":[\""
                        + subject + ".>\"],\"storage\":\"" + storage + "\",\"max_msgs\":100}", n++);
                StringBuilder load = new StringBuilder();
                for (int i = 0; i < 200; i++) {
                    load.append("HPUB ").append(subject).append(".a _INBOX.js.ack 31 36\r\n")
                            .append("NATS/1.0\r\nNats-Msg-Id: ").append(String.format("%04d", i % 1000))
                            .append("\r\n\r\nhello\r\n");
                }
                client.send(load.toString());
                for (int i = 0; i < 200; i++) {
                    client.await("MSG _INBOX.js.ack");
                }
                publishLoad(client, subject + ".b");
                request(client, "$JS.API.STREAM.MSG.GET." + name, "{\"last_by_subj\":\"" + subject + ".a\"}", n++);
                request(client, "$JS.API.STREAM.INFO." + name, "{\"subjects_filter\":\">\"}", n++);
            }
            request(client, "$JS.API.INFO", "", n++);
            request(client, "$JS.API.STREAM.NAMES", "", n);
        }
    }

    /**
     * 5,000 acknowledged 128-byte publishes, each with its own reply subject as JetStream
     * clients send them, in windows of 500 and then a few one at a time: enough for the
     * publish path (internal delivery, store append, group commit, PubAck) to be compiled and
     * profiled in the cache, not only loaded.
     */
    private static void publishLoad(Client client, String subject) throws IOException {
        String body = "x".repeat(128);
        int sent = 0;
        while (sent < 5_000) {
            int window = sent < 4_900 ? 500 : 1;
            StringBuilder load = new StringBuilder();
            for (int i = 0; i < window; i++) {
                load.append("PUB ").append(subject).append(" _INBOX.js.ack.").append(sent + i).append(" 128\r\n")
                        .append(body).append("\r\n");
            }
            client.send(load.toString());
            for (int i = 0; i < window; i++) {
                client.await("MSG _INBOX.js.ack.");
            }
            sent += window;
        }
    }

    private static void request(Client client, String subject, String body, int id) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        client.send("PUB " + subject + " _INBOX.js." + id + " " + b.length + "\r\n" + body + "\r\n");
        client.await("MSG _INBOX.js." + id);
    }

    private void removeWorkDirectory() throws IOException {
        servers.forEach(p -> p.onExit().join());
        try (var all = Files.walk(work)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The server's config: every plugin in the image switched on; routes to seedCluster for the peer. */
    private String config(Integer seedCluster) {
        var c = new StringBuilder("host: 127.0.0.1\nport: -1\nhttp_port: -1\n");
        String tlsBlock = "{ cert_file: \"" + certs.resolve("server-cert.pem") + "\", key_file: \""
                + certs.resolve("server-key.pem") + "\", ca_file: \"" + certs.resolve("ca.pem") + "\", verify: true, timeout: 30 }";
        if (plugins.contains("tls")) {
            c.append("tls ").append(tlsBlock).append('\n');
        }
        List<String> users = new ArrayList<>();
        if (plugins.contains("token")) {
            users.add("{ user: train, password: \"" + BCRYPT_BAR + "\" }");
        }
        if (plugins.contains("nkey")) {
            users.add("{ nkey: " + user.publicKey() + " }");
        }
        if (!users.isEmpty()) {
            c.append("authorization { timeout: 30, users: [ ").append(String.join(", ", users)).append(" ] }\n");
        }
        if (plugins.contains("jetstream")) {
            c.append("jetstream { store_dir: \"").append(work.resolve(seedCluster == null ? "js-seed" : "js-peer"))
                    .append("\" }\n");
        }
        if (plugins.contains("routes")) {
            c.append("cluster { name: train, listen: \"127.0.0.1:-1\"");
            if (plugins.contains("tls")) {
                c.append(", tls ").append(tlsBlock);
            }
            if (seedCluster != null) {
                c.append(", routes: [ \"nats-route://127.0.0.1:").append(seedCluster).append("\" ]");
            }
            c.append(" }\n");
        }
        if (plugins.contains("gateways")) {
            // Start-up with a gateway block (options, listener, TLS); with routes, the peer's
            // gateway URL crosses the route as nats-server's route INFO gateway_url.
            c.append("gateway { name: train, listen: \"127.0.0.1:-1\"");
            if (plugins.contains("tls")) {
                c.append(", tls ").append(tlsBlock);
            }
            c.append(" }\n");
        }
        if (plugins.contains("websocket")) {
            c.append("websocket { listen: \"127.0.0.1:-1\", compression: true, ")
                    .append(plugins.contains("tls") ? "tls " + tlsBlock : "no_tls: true").append(" }\n");
        }
        return c.toString();
    }

    private Process start(String name, String config, Path dir, String aotOutput) throws IOException {
        Path conf = dir.resolve(name + ".conf");
        Files.writeString(conf, config);
        var builder = new ProcessBuilder(image.resolve("bin/nats").toString(), "-c", conf.toString(),
                "--ports_file_dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile());
        if (aotOutput != null) {
            String extra = System.getenv().getOrDefault("NATSJ_JAVA_OPTS", "");
            builder.environment().put("NATSJ_JAVA_OPTS", (aotOutput + " " + extra).trim());
        }
        Process p = builder.start();
        servers.add(p);
        return p;
    }

    private String awaitPorts(Process server, Path dir) throws Exception {
        long until = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < until) {
            if (!server.isAlive()) {
                throw new AssertionError("server exited (" + server.exitValue() + "): " + Files.readString(dir.resolve("log")));
            }
            try (var files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".ports")).toList()) {
                    String text = Files.readString(f);
                    if (text.strip().endsWith("}")) {
                        return text;
                    }
                }
            }
            Thread.sleep(20); // polling a file: no event to wait on
        }
        throw new AssertionError("no ports file in " + DEADLINE);
    }

    private static int port(String portsFile, String kind) {
        Matcher m = PORTS.matcher(portsFile.replace(" ", ""));
        while (m.find()) {
            if (m.group(1).equals(kind)) {
                return Integer.parseInt(m.group(2));
            }
        }
        throw new AssertionError("no " + kind + " port in " + portsFile);
    }

    /**
     * A connected, authenticated client: TLS with the client certificate when the image has TLS,
     * signing the nonce with the NKey when it has NKey users, else a bcrypt password when it has those.
     */
    private Client connect(int port) throws Exception {
        return connect(port, plugins.contains("nkey") ? null : plugins.contains("token") ? PASSWORD_AUTH : "");
    }

    /** @param auth CONNECT's credential fields, or null to sign the server's nonce with the NKey */
    private Client connect(int port, String auth) throws Exception {
        var client = new Client(port, plugins.contains("tls") ? tlsContext() : null);
        client.handshake(auth == null ? signed(client.nonce()) : auth);
        return client;
    }

    private SSLContext tlsContext() throws Exception {
        var cf = CertificateFactory.getInstance("X.509");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certs.resolve("ca.pem"))) {
            trust.setCertificateEntry("ca", cf.generateCertificate(in));
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        X509Certificate cert;
        try (InputStream in = Files.newInputStream(certs.resolve("client-cert.pem"))) {
            cert = (X509Certificate) cf.generateCertificate(in);
        }
        String pem = Files.readString(certs.resolve("client-key.pem")).replaceAll("-----[A-Z ]+-----|\\s", "");
        var key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        keys.setKeyEntry("client", key, new char[0], new X509Certificate[] {cert});
        var kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        var tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }

    private String signed(String nonce) {
        String sig = Base64.getUrlEncoder().withoutPadding().encodeToString(user.sign(nonce.getBytes(StandardCharsets.US_ASCII)));
        return "\"nkey\":\"" + user.publicKey() + "\",\"sig\":\"" + sig + "\"";
    }

    /** CONNECT's credentials for a client that read this INFO line (as {@link #connect(int)} picks them). */
    private String authFields(String info) {
        Matcher m = NONCE.matcher(info);
        return plugins.contains("nkey") ? signed(m.find() ? m.group(1) : "") : plugins.contains("token") ? PASSWORD_AUTH : "";
    }

    /** A raw protocol client: reads INFO in plain text, then upgrades to TLS when given a context. */
    private static final class Client implements AutoCloseable {
        private Socket socket;
        private BufferedReader in;
        private OutputStream out;
        private final String info;

        Client(int port, SSLContext tls) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout((int) DEADLINE.toMillis());
            in = reader(socket.getInputStream());
            info = in.readLine();
            if (info == null || !info.startsWith("INFO ")) {
                throw new AssertionError("expected INFO, got " + info);
            }
            if (tls != null) {
                var ssl = (SSLSocket) tls.getSocketFactory().createSocket(socket, "127.0.0.1", port, true);
                ssl.setUseClientMode(true);
                ssl.startHandshake();
                socket = ssl;
                in = reader(ssl.getInputStream());
            }
            out = socket.getOutputStream();
        }

        private static BufferedReader reader(InputStream stream) {
            return new BufferedReader(new InputStreamReader(stream, StandardCharsets.US_ASCII));
        }

        String nonce() {
            Matcher m = NONCE.matcher(info);
            return m.find() ? m.group(1) : "";
        }

        void handshake(String auth) throws IOException {
            send("CONNECT {\"verbose\":false,\"pedantic\":false,\"protocol\":1,\"headers\":true,\"no_responders\":true"
                    + (auth.isEmpty() ? "" : "," + auth) + "}\r\nPING\r\n");
            await("PONG");
        }

        void send(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        /** Reads lines until one starts with the prefix; an -ERR fails the training. */
        void await(String prefix) throws IOException {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith(prefix)) {
                    return;
                }
                if (line.startsWith("-ERR")) {
                    throw new AssertionError("server said " + line);
                }
            }
            throw new AssertionError("connection closed before " + prefix);
        }

        void awaitUnchecked(String prefix) {
            try {
                await(prefix);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
