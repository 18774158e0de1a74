package io.natsj.auth.jwt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads an {@code operator} value: the path of a JWT file (bare, or decorated with
 * {@code -----BEGIN NATS OPERATOR JWT-----} lines as {@code nsc} writes it), or the JWT itself
 * inline, as nats-server accepts.
 */
final class OperatorFiles {

    /** How every JWT's base64 header starts: nats-server's test for an inline JWT. */
    private static final String JWT_PREFIX = "eyJ";

    private OperatorFiles() {
    }

    /**
     * @param value the config value
     * @return the JWT
     * @throws JwtException when the file cannot be read and the value is no inline JWT
     */
    static String read(String value) throws JwtException {
        String contents;
        try {
            contents = Files.readString(Path.of(value), StandardCharsets.UTF_8);
        } catch (IOException | java.nio.file.InvalidPathException e) {
            if (!value.startsWith(JWT_PREFIX)) {
                throw new JwtException("open " + value + ": " + (e instanceof java.nio.file.NoSuchFileException
                        ? "no such file or directory" : e.getMessage()), e);
            }
            contents = value;
        }
        return undecorate(contents);
    }

    /**
     * nats' {@code ParseDecoratedJWT}: the first block between dashed lines, else the trimmed
     * text.
     */
    static String undecorate(String contents) {
        String[] lines = contents.split("\\R");
        boolean inside = false;
        for (String line : lines) {
            String t = line.trim();
            if (t.startsWith("---") && t.endsWith("---") && t.length() > 6) {
                if (inside) {
                    break;
                }
                inside = true;
            } else if (inside && !t.isEmpty()) {
                return t;
            }
        }
        return contents.trim();
    }
}
