package io.natsj.transport.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** A NATS-style client: reads the INFO line in clear, then upgrades the socket to TLS. */
final class TlsClient implements AutoCloseable {

    final Socket plain;
    final String info;
    final SSLSocket tls;

    /**
     * @param configure adjusts the client socket (protocols, suites, groups) before the handshake
     */
    TlsClient(int port, SSLContext context, java.util.function.Consumer<SSLSocket> configure)
            throws IOException {
        plain = new Socket();
        plain.setSoTimeout(10_000);
        plain.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        info = readLine(plain.getInputStream());
        tls = (SSLSocket) context.getSocketFactory().createSocket(plain, "localhost", port, true);
        tls.setUseClientMode(true);
        configure.accept(tls);
    }

    /** Handshakes, sends {@code line} and returns the echo. */
    String echo(String line) throws IOException {
        tls.startHandshake();
        tls.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        tls.getOutputStream().flush();
        return readLine(tls.getInputStream());
    }

    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("connection closed after '" + line + "'");
            }
            line.write(c);
        }
        return line.toString(StandardCharsets.UTF_8) + "\n";
    }

    @Override
    public void close() throws IOException {
        tls.close();
        plain.close();
    }
}
