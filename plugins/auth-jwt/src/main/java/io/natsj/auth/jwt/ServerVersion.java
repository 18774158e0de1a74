package io.natsj.auth.jwt;

import io.natsj.spi.PluginException;

/**
 * An operator's {@code assert_server_version} against the nats-server version natsj behaves as.
 */
final class ServerVersion {

    /** The nats-server version whose behaviour natsj implements. */
    static final int[] SERVER = {2, 9, 10};

    private ServerVersion() {
    }

    /**
     * @param operator an operator's claims
     * @throws PluginException when the operator requires a newer server, or its version is malformed
     */
    static void check(OperatorClaims operator) {
        String v = operator.assertServerVersion();
        if (v.isEmpty()) {
            return;
        }
        String[] parts = v.split("\\.", -1);
        if (parts.length != 3) {
            throw new PluginException("operator " + operator.common().subject() + " expects version " + v
                    + " got error instead: asserted server version must be of the form <major>.<minor>.<update>");
        }
        int[] want = new int[3];
        for (int i = 0; i < 3; i++) {
            try {
                want[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new PluginException("operator " + operator.common().subject() + " expects version " + v
                        + " got error instead: asserted server version cant parse " + parts[i] + " to int", e);
            }
        }
        String[] names = {"major", "minor", "update"};
        for (int i = 0; i < 3; i++) {
            if (want[i] > SERVER[i]) {
                throw new PluginException("operator " + operator.common().subject() + " expected " + names[i]
                        + " version " + want[i] + " > server " + names[i] + " version " + SERVER[i]);
            }
            if (want[i] < SERVER[i]) {
                return;
            }
        }
    }
}
