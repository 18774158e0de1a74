package io.natsj.bench.engine;

import io.nats.client.NKey;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A NATS creds file (a user JWT and the user's NKey seed) for servers in operator mode: the raw
 * engine signs each connection's INFO nonce with it and sends {@code jwt} and {@code sig} in
 * CONNECT, as a client library does; the jnats engine hands the file to jnats.
 */
public final class ClientCredentials {

    private static final Pattern JWT = Pattern.compile(
            "-{3,}BEGIN NATS USER JWT-{3,}\\s+(\\S+)\\s+-{3,}END NATS USER JWT-{3,}");
    private static final Pattern SEED = Pattern.compile(
            "-{3,}BEGIN USER NKEY SEED-{3,}\\s+(\\S+)\\s+-{3,}END USER NKEY SEED-{3,}");

    private final Path file;
    private final String jwt;
    private final NKey key;

    private ClientCredentials(Path file, String jwt, NKey key) {
        this.file = file;
        this.jwt = jwt;
        this.key = key;
    }

    /**
     * @param file a creds file as {@code nsc} writes it
     * @return its JWT and key
     * @throws IllegalArgumentException when it cannot be read or lacks either part
     */
    public static ClientCredentials read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read creds file " + file + ": " + e.getMessage(), e);
        }
        Matcher jwt = JWT.matcher(text);
        Matcher seed = SEED.matcher(text);
        if (!jwt.find() || !seed.find()) {
            throw new IllegalArgumentException(file + " is not a creds file (no user JWT or no NKey seed)");
        }
        return new ClientCredentials(file, jwt.group(1), NKey.fromSeed(seed.group(1).toCharArray()));
    }

    /** @return the file, for jnats's own creds handling */
    public Path file() {
        return file;
    }

    /** @return the user JWT */
    String jwt() {
        return jwt;
    }

    /**
     * @param nonce the server's INFO nonce
     * @return the signature of the nonce, unpadded base64url, as CONNECT's {@code sig} carries it
     */
    String sign(String nonce) throws IOException {
        try {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(key.sign(nonce.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot sign the server's nonce: " + e.getMessage(), e);
        }
    }
}
