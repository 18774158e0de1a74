package io.natsj.distribution;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** The tarball unpacks to natsj-VERSION/ with both launchers, the config and the runtime. */
class TarballTest {
    @Test
    void holdsLaunchersConfigAndRuntime() throws IOException {
        String version = System.getProperty("natsj.version");
        Path tarball = Path.of(System.getProperty("natsj.tarball"));
        assertTrue(Files.isRegularFile(tarball), "no tarball " + tarball);
        Map<String, Integer> modes = entries(tarball);
        String top = "natsj-" + version + "/";
        for (String launcher : new String[] {"bin/nats", "bin/nats-server", "runtime/bin/java"}) {
            Integer mode = modes.get(top + launcher);
            assertTrue(mode != null, top + launcher + " missing; entries: " + modes.keySet());
            assertTrue((mode & 0111) != 0, launcher + " not executable");
        }
        assertTrue(modes.containsKey(top + "conf/nats.conf"), "no conf/nats.conf");
        assertTrue(modes.containsKey(top + "runtime/lib/modules"), "no jlink runtime");
    }

    /** Entry name to permission bits; ustar headers are 512-byte blocks, GNU long names too. */
    private static Map<String, Integer> entries(Path tarball) throws IOException {
        Map<String, Integer> out = new HashMap<>();
        try (InputStream raw = new GZIPInputStream(Files.newInputStream(tarball), 1 << 16);
                DataInputStream in = new DataInputStream(raw)) {
            byte[] header = new byte[512];
            String longName = null;
            while (true) {
                try {
                    in.readFully(header);
                } catch (EOFException e) {
                    break;
                }
                if (header[0] == 0) {
                    break;
                }
                String name = field(header, 0, 100);
                String prefix = field(header, 345, 155);
                int mode = (int) octal(header, 100, 8);
                long size = octal(header, 124, 12);
                byte type = header[156];
                byte[] body = new byte[(int) ((size + 511) / 512 * 512)];
                if (type == 'L') {
                    in.readFully(body);
                    longName = new String(body, 0, (int) size, StandardCharsets.UTF_8).replace("\0", "");
                    continue;
                }
                in.skipNBytes(body.length);
                String full = longName != null ? longName : prefix.isEmpty() ? name : prefix + "/" + name;
                longName = null;
                out.put(full, mode);
            }
        }
        return out;
    }

    private static String field(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) {
            end++;
        }
        return new String(h, off, end - off, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] h, int off, int len) {
        String s = field(h, off, len).trim();
        return s.isEmpty() ? 0 : Long.parseLong(s, 8);
    }
}
