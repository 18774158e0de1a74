package io.natsj.kernel.peer;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A raw client of the server under a kernel test. */
final class Client implements AutoCloseable {
    final Socket socket;
    final BufferedReader in;
    final OutputStream out;

    Client(int port) throws Exception {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(5000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = socket.getOutputStream();
        in.readLine(); // INFO
        send("CONNECT {\"verbose\":false,\"protocol\":1}\r\n");
    }

    Client send(String text) throws Exception {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return this;
    }

    Client sync() throws Exception {
        send("PING\r\n");
        for (String line = in.readLine(); !line.equals("PONG"); line = in.readLine()) {
            buffered.add(line);
        }
        return this;
    }

    final List<String> buffered = new ArrayList<>();

    String readLine() throws Exception {
        return buffered.isEmpty() ? in.readLine() : buffered.removeFirst();
    }

    int countMessages() throws Exception {
        sync();
        return (int) buffered.stream().filter(l -> l.startsWith("MSG ")).count();
    }

    @Override
    public void close() throws Exception {
        socket.close();
    }
}
