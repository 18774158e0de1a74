package io.natsj.bench.engine;

/**
 * The identity a server announces in its INFO line.
 *
 * @param name    {@code server_name}
 * @param version {@code version}
 * @param id      {@code server_id}
 */
public record ServerIdentity(String name, String version, String id) {

    /** Used when INFO did not carry the fields. */
    public static final ServerIdentity UNKNOWN = new ServerIdentity("?", "?", "?");
}
