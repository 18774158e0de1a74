package io.natsj.tests.websocket;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A minimal HTTP/1.0 file server for the browser test: serves fixed documents by path (a
 * browser loads ES modules over HTTP only, not from {@code file://}) and closes each
 * connection after its response.
 */
final class PageServer implements AutoCloseable {

    /** A document: its content type and bytes. */
    record Doc(String contentType, byte[] body) {
    }

    private final ServerSocket socket;
    private final Map<String, Doc> docs;
    private final Thread thread;

    PageServer(Map<String, Doc> docs) throws IOException {
        this.docs = Map.copyOf(docs);
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.thread = Thread.ofVirtual().name("page-server").start(this::serve);
    }

    int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try {
                Socket c = socket.accept();
                Thread.ofVirtual().start(() -> answer(c));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void answer(Socket c) {
        try (c) {
            BufferedReader in = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.ISO_8859_1));
            String requestLine = in.readLine();
            for (String l = in.readLine(); l != null && !l.isEmpty(); l = in.readLine()) {
                // headers are not needed
            }
            String path = requestLine == null ? "" : requestLine.split(" ")[1];
            Doc doc = docs.get(path);
            OutputStream out = c.getOutputStream();
            if (doc == null) {
                out.write("HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } else {
                out.write(("HTTP/1.0 200 OK\r\nContent-Type: " + doc.contentType() + "\r\nContent-Length: "
                        + doc.body().length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(doc.body());
            }
            out.flush();
        } catch (IOException | RuntimeException ignored) {
            // a browser that gave up on a request is not the test's concern
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
