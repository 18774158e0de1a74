package io.natsj.tests.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.RawClient;
import io.natsj.tests.support.ServerUnderTest;
import io.natsj.tests.support.Target;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Streams and services crossing accounts through exports and imports, and nothing more
 * crossing than was exported.
 */
class ExportsImportsTest {

    private static final String CONFIG = """
            accounts {
              A: {
                users: [ {user: a, password: a} ]
                exports: [
                  {stream: "pub.>"}
                  {stream: "private.>", accounts: [B]}
                  {service: "svc.echo"}
                  {service: "svc.stream", response_type: stream}
                ]
              }
              B: {
                users: [ {user: b, password: b} ]
                imports: [
                  {stream: {account: A, subject: "pub.>"}, prefix: "from_a"}
                  {stream: {account: A, subject: "private.>"}}
                  {service: {account: A, subject: "svc.echo"}, to: "echo"}
                  {service: {account: A, subject: "svc.stream"}}
                ]
              }
              C: {
                users: [ {user: c, password: c} ]
                imports: [ {stream: {account: A, subject: "pub.>"}} ]
              }
            }
            """;

    private static RawClient login(ServerUnderTest server, String user) {
        return RawClient.connect(server, "{\"verbose\":false,\"user\":\"" + user + "\",\"pass\":\"" + user + "\"}");
    }

    @AllTargets
    void streamImportCarriesMessagesUnderThePrefix(Target target) {
        try (ServerUnderTest server = target.start(CONFIG);
                RawClient a = login(server, "a");
                RawClient b = login(server, "b");
                RawClient c = login(server, "c")) {
            b.send("SUB from_a.pub.> 1\r\nSUB pub.> 2\r\n").sync();
            c.send("SUB pub.> 1\r\n").sync();
            a.send("PUB pub.news 5\r\nhello\r\n").sync();
            b.expectFrame("MSG from_a.pub.news 1 5", "hello");
            c.expectFrame("MSG pub.news 1 5", "hello");
            // B's own pub.> is B's subject, not A's.
            b.expectNothingPending();
        }
    }

    @AllTargets
    void restrictedStreamReachesOnlyTheNamedAccount(Target target) {
        try (ServerUnderTest server = target.start(CONFIG);
                RawClient a = login(server, "a");
                RawClient b = login(server, "b");
                RawClient c = login(server, "c")) {
            b.send("SUB private.> 1\r\n").sync();
            c.send("SUB private.> 1\r\n").sync();
            a.send("PUB private.x 2\r\nhi\r\n").sync();
            b.expectFrame("MSG private.x 1 2", "hi");
            c.expectNothingPending();
        }
    }

    @AllTargets
    void importsDoNotFlowBackToTheExporter(Target target) {
        try (ServerUnderTest server = target.start(CONFIG);
                RawClient a = login(server, "a");
                RawClient b = login(server, "b")) {
            a.send("SUB from_a.> 1\r\nSUB pub.> 2\r\n").sync();
            b.send("PUB pub.x 1\r\nb\r\nPUB from_a.pub.x 1\r\nb\r\n").sync();
            a.expectNothingPending();
        }
    }

    @AllTargets
    void serviceImportRequestAndSingleResponse(Target target) {
        try (ServerUnderTest server = target.start(CONFIG);
                RawClient a = login(server, "a");
                RawClient b = login(server, "b")) {
            a.send("SUB svc.echo 1\r\n").sync();
            b.send("SUB inbox.1 9\r\nPUB echo inbox.1 4\r\nping\r\n").sync();
            String request = a.readLine();
            String[] parts = request.split(" ");
            assertEquals("MSG", parts[0], request);
            assertEquals("svc.echo", parts[1], request);
            assertTrue(parts[3].startsWith("_R_."), "reply is mapped: " + request);
            assertEquals("ping\r\n", new String(a.readBytes(6), StandardCharsets.US_ASCII));
            String mapped = parts[3];
            a.send("PUB " + mapped + " 4\r\npong\r\n").sync();
            b.expectFrame("MSG inbox.1 9 4", "pong");
            // A singleton service answers once: a second response has no way back.
            a.send("PUB " + mapped + " 5\r\nagain\r\n").sync();
            b.expectNothingPending();
        }
    }

    @AllTargets
    void streamedServiceResponsesAllArrive(Target target) {
        try (ServerUnderTest server = target.start(CONFIG);
                RawClient a = login(server, "a");
                RawClient b = login(server, "b")) {
            a.send("SUB svc.stream 1\r\n").sync();
            b.send("SUB inbox.2 3\r\nPUB svc.stream inbox.2 1\r\n?\r\n").sync();
            String mapped = a.readLine().split(" ")[3];
            a.readBytes(3);
            a.send("PUB " + mapped + " 1\r\n1\r\nPUB " + mapped + " 1\r\n2\r\nPUB " + mapped + " 1\r\n3\r\n").sync();
            b.expectFrame("MSG inbox.2 3 1", "1");
            b.expectFrame("MSG inbox.2 3 1", "2");
            b.expectFrame("MSG inbox.2 3 1", "3");
        }
    }

    @AllTargets
    void jnatsRequestAcrossAccounts(Target target) throws Exception {
        try (ServerUnderTest server = target.start(CONFIG);
                Connection a = Nats.connect(options(server, "a"));
                Connection b = Nats.connect(options(server, "b"))) {
            a.createDispatcher(m -> a.publish(m.getReplyTo(), ("echo:" + new String(m.getData())).getBytes()))
                    .subscribe("svc.echo");
            a.flush(Duration.ofSeconds(2));
            Message reply = b.request("echo", "x".getBytes(), Duration.ofSeconds(3));
            assertEquals("echo:x", new String(reply.getData()));
            // Old-style request with a unique inbox works the same way.
            Message reply2 = b.requestWithTimeout("echo", "y".getBytes(), Duration.ofSeconds(3)).get();
            assertEquals("echo:y", new String(reply2.getData()));
        }
    }

    private static Options options(ServerUnderTest server, String user) {
        return new Options.Builder().server(server.clientUrl()).userInfo(user, user)
                .connectionTimeout(Duration.ofSeconds(3)).build();
    }
}
