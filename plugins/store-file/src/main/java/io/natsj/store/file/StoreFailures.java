package io.natsj.store.file;

import io.natsj.spi.store.StoreException;
import java.io.IOException;
import java.nio.file.FileSystemException;

/**
 * Turns an {@link IOException} into the {@link StoreException} the engine maps to an API
 * error: a full disk ({@code ENOSPC}, {@code EDQUOT}) or a file past the process's file size
 * limit ({@code EFBIG}, {@code ulimit -f}; the JVM ignores {@code SIGXFSZ}, so the write fails
 * instead of the process dying) is {@code INSUFFICIENT_RESOURCES}; anything else is {@code IO}.
 */
final class StoreFailures {

    private StoreFailures() {
    }

    /** @return the failure as a store exception whose message says what was being done */
    static StoreException of(IOException e, String what) {
        return new StoreException(diskFull(e) ? StoreException.Reason.INSUFFICIENT_RESOURCES
            : StoreException.Reason.IO, what + ": " + describe(e), e);
    }

    /** @return true when the failure says the disk or quota is full */
    static boolean diskFull(IOException e) {
        String text = describe(e);
        return text.contains("No space left on device") || text.contains("Disk quota exceeded")
            || text.contains("not enough space") || text.contains("File too large");
    }

    private static String describe(IOException e) {
        if (e instanceof FileSystemException fs) {
            return fs.getFile() + (fs.getReason() != null ? " (" + fs.getReason() + ")" : "")
                + " " + fs.getClass().getSimpleName();
        }
        return String.valueOf(e.getMessage());
    }
}
