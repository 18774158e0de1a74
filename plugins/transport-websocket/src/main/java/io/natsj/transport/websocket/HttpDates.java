package io.natsj.transport.websocket;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The {@code Date} header of an HTTP response (RFC 7231's IMF-fixdate, as Go writes it). */
final class HttpDates {

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT);

    private HttpDates() {
    }

    /** @return now, for example {@code Sat, 05 Dec 2026 07:15:34 GMT} */
    static String now() {
        return IMF_FIXDATE.format(ZonedDateTime.now(ZoneOffset.UTC));
    }
}
