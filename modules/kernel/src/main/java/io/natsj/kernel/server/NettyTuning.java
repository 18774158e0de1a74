package io.natsj.kernel.server;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Netty settings the server applies before its first channel exists.
 */
final class NettyTuning {

    private NettyTuning() {
    }

    /**
     * Gives Netty a random machine id for its channel ids, unless one is set: otherwise Netty
     * walks every network interface for a MAC address, which costs about 300 ms of startup and
     * buys nothing (channel ids only need to be unique within this process, so no
     * {@code SecureRandom} either: its first use sets up the security providers, 15 ms of CPU).
     */
    static void apply() {
        if (System.getProperty("io.netty.machineId") == null) {
            byte[] id = new byte[8];
            ThreadLocalRandom.current().nextBytes(id);
            System.setProperty("io.netty.machineId", HexFormat.ofDelimiter(":").formatHex(id));
        }
    }
}
