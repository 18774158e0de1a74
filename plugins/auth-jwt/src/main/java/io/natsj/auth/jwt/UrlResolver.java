package io.natsj.auth.jwt;

import io.natsj.spi.PluginException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code resolver: URL(<url>)}: account JWTs fetched over HTTP from {@code <url><account>}, as
 * nats-server's {@code URLAccResolver} does (an account server such as nsc's or nats-account-server).
 *
 * <p>At start-up the base URL itself must answer 200, or the server does not start: nats-server
 * 2.9.10 refuses with {@code could not fetch <"url">: ...} too. A fetched JWT is kept in memory,
 * as nats-server keeps the account it registers, so only the first connection of an account
 * waits for the account server.
 */
final class UrlResolver implements AccountResolver {

    /** nats-server's {@code DEFAULT_ACCOUNT_FETCH_TIMEOUT}. */
    private static final Duration TIMEOUT = Duration.ofMillis(1900);

    private final String url;
    private final HttpClient client;
    private final Map<String, String> jwts = new ConcurrentHashMap<>();

    /**
     * @param url the base URL; a {@code /} is appended when missing, as nats-server does
     * @throws PluginException naming the resolver when the URL is invalid or does not answer 200
     */
    UrlResolver(String url) {
        this.url = url.endsWith("/") ? url : url + "/";
        this.client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        try {
            get("");
        } catch (JwtException e) {
            throw new PluginException("resolver: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> fetch(String account) {
        String jwt = jwts.get(account);
        if (jwt != null) {
            return Optional.of(jwt);
        }
        try {
            jwt = get(account).strip();
        } catch (JwtException e) {
            return Optional.empty();
        }
        jwts.put(account, jwt);
        return Optional.of(jwt);
    }

    @Override
    public void store(String account, String jwt) {
        // nats-server's URL resolver is read-only: preloads are refused before this is built,
        // and an update replaces what was fetched until the next fetch.
        jwts.put(account, jwt);
    }

    private String get(String name) throws JwtException {
        String target = url + name;
        HttpResponse<String> response;
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(target)).timeout(TIMEOUT).GET().build();
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException | IllegalArgumentException e) {
            throw new JwtException("could not fetch <\"" + target + "\">: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JwtException("could not fetch <\"" + target + "\">: interrupted");
        }
        if (response.statusCode() != 200) {
            throw new JwtException("could not fetch <\"" + target + "\">: " + response.statusCode());
        }
        return response.body();
    }

    @Override
    public String toString() {
        return "UrlResolver[" + url + "]";
    }
}
