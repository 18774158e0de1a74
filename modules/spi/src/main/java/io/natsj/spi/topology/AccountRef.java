package io.natsj.spi.topology;

/**
 * An account of the local server, looked up once by name so that messages from a peer can
 * name it without a lookup each. Opaque to plugins.
 */
public interface AccountRef {

    /** @return the account's name */
    String name();

    /** @return the name as UTF-8 bytes (not to be modified), for comparing with the wire */
    byte[] nameBytes();
}
