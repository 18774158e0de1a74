package io.natsj.jetstream;

import io.natsj.spi.store.StoredMessage;
import java.nio.charset.StandardCharsets;

/**
 * The bytes a message counts for in limits and stream info, as nats-server's stores count
 * them (see {@link io.natsj.spi.store.StreamState#bytes()}): memory
 * {@code subject + headers + payload + 16}; file {@code 22 + subject + payload + 8}, plus
 * {@code 4 + headers} with headers.
 */
final class MessageSize {

    private MessageSize() {
    }

    static long of(boolean memory, String subject, byte[] headers, byte[] payload) {
        int s = utf8Length(subject);
        int h = headers == null ? 0 : headers.length;
        if (memory) {
            return s + h + payload.length + 16L;
        }
        return 22L + s + payload.length + 8 + (h > 0 ? 4 + h : 0);
    }

    /** @return the subject's length in UTF-8, without encoding it (once per published message) */
    static int utf8Length(String subject) {
        int n = subject.length();
        for (int i = 0; i < n; i++) {
            if (subject.charAt(i) >= 0x80) {
                return subject.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return n;
    }

    static long of(boolean memory, StoredMessage m) {
        return of(memory, m.subject(), m.headers(), m.payload());
    }
}
