package io.natsj.transport.websocket;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code same_origin} and {@code allowed_origins}, checked as nats-server does: a request
 * without an Origin is accepted (a non-browser client can claim any origin anyway); otherwise
 * its host and port (80 or 443 by scheme when absent) must be the request's own Host with
 * {@code same_origin}, and scheme, host and port one of the allowed origins when a list is set.
 */
final class OriginCheck {

    private record Allowed(String scheme, String port) {
    }

    private record HostAndPort(String host, String port) {
    }

    private final boolean sameOrigin;
    private final Map<String, Allowed> allowed = new HashMap<>();

    OriginCheck(boolean sameOrigin, List<String> allowedOrigins) {
        this.sameOrigin = sameOrigin;
        for (String origin : allowedOrigins) {
            try {
                URI u = new URI(origin);
                HostAndPort hp = split("https".equals(u.getScheme()), u.getRawAuthority());
                allowed.put(hp.host(), new Allowed(u.getScheme(), hp.port()));
            } catch (URISyntaxException | IllegalArgumentException e) {
                // Checked when the options were read; an origin that cannot be split is skipped, as nats-server does.
            }
        }
    }

    /**
     * @param origin the request's Origin (or Sec-WebSocket-Origin), null when absent
     * @param host the request's Host
     * @param tls whether the request came over TLS
     * @return null when the origin is accepted, else why not (for the log)
     */
    String refusal(String origin, String host, boolean tls) {
        if (!sameOrigin && allowed.isEmpty()) {
            return null;
        }
        if (origin == null || origin.isEmpty()) {
            return null;
        }
        URI u;
        HostAndPort o;
        try {
            u = new URI(origin);
            o = split("https".equals(u.getScheme()), u.getRawAuthority());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return e.getMessage();
        }
        if (sameOrigin) {
            HostAndPort r;
            try {
                r = split(tls, host);
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
            if (!o.host().equals(r.host()) || !o.port().equals(r.port())) {
                return "not same origin";
            }
        }
        if (!allowed.isEmpty()) {
            Allowed a = allowed.get(o.host());
            if (a == null || !a.scheme().equals(u.getScheme()) || !a.port().equals(o.port())) {
                return "not in the allowed list";
            }
        }
        return null;
    }

    /** Go's {@code net.SplitHostPort} with the scheme's port when there is none; the host lower case. */
    private static HostAndPort split(boolean tls, String hostPort) {
        if (hostPort == null) {
            throw new IllegalArgumentException("missing host");
        }
        String host = hostPort;
        String port = null;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("address " + hostPort + ": missing ']' in address");
            }
            host = hostPort.substring(1, close);
            if (close + 1 < hostPort.length()) {
                if (hostPort.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException("address " + hostPort + ": missing port in address");
                }
                port = hostPort.substring(close + 2);
            }
        } else {
            int colon = hostPort.lastIndexOf(':');
            if (colon >= 0) {
                if (hostPort.indexOf(':') != colon) {
                    throw new IllegalArgumentException("address " + hostPort + ": too many colons in address");
                }
                host = hostPort.substring(0, colon);
                port = hostPort.substring(colon + 1);
            }
        }
        if (port == null) {
            port = tls ? "443" : "80";
        }
        return new HostAndPort(host.toLowerCase(Locale.ROOT), port);
    }
}
