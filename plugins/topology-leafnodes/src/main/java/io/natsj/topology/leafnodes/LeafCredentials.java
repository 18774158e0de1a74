package io.natsj.topology.leafnodes;

import io.natsj.nkeys.NKey;
import io.natsj.nkeys.NKeyException;
import io.natsj.spi.PluginException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A remote's {@code credentials} file: the user JWT and the user's NKey seed, each between
 * dashed marker lines as {@code nsc} writes them. As nats-server, the file is read again for
 * every connection (it may have been replaced), and the leaf sends the JWT and the INFO nonce
 * signed with the seed (base64url, no padding) in CONNECT.
 *
 * @param jwt the user JWT
 * @param signature the nonce's signature
 */
record LeafCredentials(String jwt, String signature) {

    /**
     * @param file the credentials file
     * @param path its config path, for errors
     * @throws PluginException when the file cannot be read or holds no JWT and seed
     */
    static void check(Path file, String path) {
        sign(file, "", path);
    }

    /**
     * @param file the credentials file
     * @param nonce the hub's INFO nonce ("" when it sent none)
     * @param path the remote's config path, for errors
     * @return the JWT and the signature of the nonce
     * @throws PluginException when the file cannot be read or holds no JWT and seed
     */
    static LeafCredentials sign(Path file, String nonce, String path) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PluginException(path + ": can't read the credentials file " + file + ": " + e);
        }
        List<String> blocks = blocks(text);
        if (blocks.size() < 2) {
            throw new PluginException(path + ": credentials file " + file + " malformed");
        }
        try {
            byte[] signed = NKey.fromSeed(blocks.get(1)).sign(nonce.getBytes(StandardCharsets.US_ASCII));
            return new LeafCredentials(blocks.get(0), Base64.getUrlEncoder().withoutPadding().encodeToString(signed));
        } catch (NKeyException | IllegalArgumentException e) {
            throw new PluginException(path + ": credentials file " + file + " has malformed seed");
        }
    }

    /** The text of each block: the first non-blank line between two {@code ---…---} marker lines. */
    private static List<String> blocks(String text) {
        List<String> out = new ArrayList<>();
        boolean open = false;
        boolean captured = false;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("---") && line.endsWith("---") && line.length() > 6) {
                open = !open;
                captured = false;
            } else if (open && !captured && !line.isEmpty()) {
                out.add(line);
                captured = true;
            }
        }
        return out;
    }
}
