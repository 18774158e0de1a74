package io.natsj.nkeys;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * Random bytes for new keys. Where the kernel offers {@code /dev/urandom} (Linux, where the
 * JDK's default {@code NativePRNG} reads the same device) the bytes are read from it directly:
 * a server makes its identity key at every start, and the JDK's first {@code SecureRandom}
 * costs about 15 ms of CPU for setting up the security providers, a tenth of a start.
 * Elsewhere, or when the device cannot be read, a {@link SecureRandom} made on first use.
 */
final class Entropy {

    private static final Path URANDOM = Path.of("/dev/urandom");

    private Entropy() {
    }

    /** Lazily, so that only platforms without /dev/urandom pay for the providers. */
    private static final class Fallback {
        static final SecureRandom RANDOM = new SecureRandom();
    }

    static void fill(byte[] bytes) {
        if (Files.isReadable(URANDOM)) {
            try (InputStream in = Files.newInputStream(URANDOM)) {
                if (in.readNBytes(bytes, 0, bytes.length) == bytes.length) {
                    return;
                }
            } catch (IOException e) {
                // fall through to the JDK's generator
            }
        }
        Fallback.RANDOM.nextBytes(bytes);
    }
}
