package io.natsj.nkeys;

/**
 * The roles an NKey can have. Each role has its own prefix byte, which shows as the first
 * character of the public key ({@code N…} for a server) and as the second character of the seed
 * ({@code SN…}).
 *
 * <p>Curve ({@code X}) keys are not supported: NATS uses them only for payload encryption,
 * which the server never does.
 */
public enum NKeyType {
    /** A server's identity; public keys start with {@code N}. */
    SERVER('N', 13 << 3),
    /** A cluster's identity; public keys start with {@code C}. */
    CLUSTER('C', 2 << 3),
    /** An operator (the root of JWT trust); public keys start with {@code O}. */
    OPERATOR('O', 14 << 3),
    /** An account; public keys start with {@code A}. */
    ACCOUNT('A', 0),
    /** A user; public keys start with {@code U}. */
    USER('U', 20 << 3);

    private final char prefix;
    private final int prefixByte;

    NKeyType(char prefix, int prefixByte) {
        this.prefix = prefix;
        this.prefixByte = prefixByte;
    }

    /** @return the first character of a public key of this type */
    public char prefix() {
        return prefix;
    }

    /**
     * The byte that starts the binary form of a public key of this type. Its top five bits are
     * the base32 value of {@link #prefix()}, which is why that character shows first.
     *
     * @return the prefix byte, 0–255
     */
    int prefixByte() {
        return prefixByte;
    }

    /**
     * @param prefixByte the first byte of a decoded public key
     * @return the type it names, or {@code null} when it names none of the supported types
     */
    static NKeyType ofPrefixByte(int prefixByte) {
        for (NKeyType type : values()) {
            if (type.prefixByte == prefixByte) {
                return type;
            }
        }
        return null;
    }

    /**
     * @param prefix the first character of a public key
     * @return the type it names
     * @throws NKeyException when it names none of the supported types
     */
    public static NKeyType ofPrefix(char prefix) {
        for (NKeyType type : values()) {
            if (type.prefix == prefix) {
                return type;
            }
        }
        throw new NKeyException("unknown nkey prefix '" + prefix + "'");
    }
}
