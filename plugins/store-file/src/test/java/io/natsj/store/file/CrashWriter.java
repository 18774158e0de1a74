package io.natsj.store.file;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The child process of {@link CrashTest}: appends messages for ever and prints
 * {@code ack <sequence>} for each one its durability listener reports durable, until killed.
 */
public final class CrashWriter {

    private CrashWriter() {
    }

    /** @param args the store directory */
    public static void main(String[] args) {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false);
        FileStreamStore store = StoreFiles.open(Path.of(args[0]), 256 * 1024);
        long next = store.state().lastSequence() + 1;
        out.println("ready " + next);
        out.flush();
        while (true) {
            long sequence = next++;
            store.append("crash." + (sequence % 10), new byte[0], StoreFiles.payload(sequence, 128), sequence,
                (s, error) -> {
                    if (error == null) {
                        out.println("ack " + s);
                        out.flush();
                    }
                });
        }
    }
}
