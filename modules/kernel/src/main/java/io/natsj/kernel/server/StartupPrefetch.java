package io.natsj.kernel.server;

import io.natsj.kernel.log.Log;
import io.natsj.nkeys.NKey;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.internal.PlatformDependent;
import java.net.InetAddress;

/**
 * Work every start needs later, done on a spare core while the main thread reads the command
 * line and the configuration: the curve tables of the server's identity key, the local time
 * zone of the log, Netty's platform probing and the JDK's address classes. Each is a class's
 * one-time set-up that the main thread would otherwise run itself a few milliseconds later
 * (JVM class initialisation lets one thread do it while others wait), so the wall-clock time
 * to the ports file shrinks and the CPU spent stays the same. Nothing here may fail a start:
 * an error is left for the main thread to meet and report where it would anyway.
 */
public final class StartupPrefetch {

    private StartupPrefetch() {
    }

    /** Starts the prefetch thread; it ends by itself. */
    public static void start() {
        Thread.ofPlatform().daemon().name("natsj-startup-prefetch").start(StartupPrefetch::run);
    }

    private static void run() {
        try {
            NKey.prepare();
            Log.isDebug();
            PlatformDependent.hasUnsafe();
            NioIoHandler.newFactory();
            InetAddress.getLoopbackAddress();
        } catch (RuntimeException | LinkageError e) {
            // The main thread meets the same problem where it matters and reports it there.
        }
    }
}
