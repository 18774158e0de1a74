package io.natsj.kernel;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.natsj.config.ConfigLoader;
import io.natsj.config.cli.CommandLine;
import io.natsj.config.cli.CommandLineException;
import io.natsj.config.cli.CommandLineOptions;
import io.natsj.kernel.log.Log;
import io.natsj.kernel.server.PluginRegistry;
import io.natsj.kernel.server.ProcessFiles;
import io.natsj.kernel.server.Server;
import io.natsj.kernel.server.ServerOptions;
import io.natsj.kernel.server.Signals;
import io.natsj.kernel.server.StartupPrefetch;
import io.natsj.kernel.server.Versions;
import java.util.concurrent.CountDownLatch;

/**
 * Entry point of {@code bin/nats} and {@code bin/nats-server}: nats-server's command line,
 * exit codes and first lines of output, so that tools that launch nats-server can launch
 * natsj.
 */
public final class Main {

    private Main() {
    }

    /**
     * @param args nats-server command-line flags
     */
    public static void main(String[] args) {
        StartupPrefetch.start();
        CommandLineOptions cl;
        try {
            cl = CommandLine.parse(args);
        } catch (CommandLineException e) {
            System.err.println("nats-server: " + e.getMessage());
            System.err.println(CommandLine.usage());
            System.exit(1);
            return;
        }
        switch (cl.action()) {
            case HELP, HELP_TLS -> {
                System.out.println(CommandLine.usage());
                System.exit(0);
            }
            case VERSION -> {
                System.out.println("nats-server: v" + Versions.NATS_COMPAT + " (natsj v" + Versions.NATSJ + ")");
                System.exit(0);
            }
            case SIGNAL -> System.exit(Signals.send(cl.signal().orElseThrow()));
            default -> {
            }
        }
        Config config;
        ServerOptions options;
        Server server;
        try {
            Config file = cl.configFile().map(ConfigLoader::load).orElse(ConfigFactory.empty());
            config = cl.applyTo(file);
            options = ServerOptions.from(config);
            server = new Server(options, config, PluginRegistry.load());
            if (cl.action() == CommandLineOptions.Action.TEST_CONFIG) {
                PluginRegistry.load().checkKeys(config);
                server.checkTopologyTls();
                System.err.println("nats-server: configuration file " + cl.configFile().map(Object::toString).orElse("")
                        + " is valid");
                System.exit(0);
            }
        } catch (RuntimeException e) {
            System.err.println("nats-server: " + e.getMessage());
            System.exit(1);
            return;
        }
        run(server, options);
    }

    private static void run(Server server, ServerOptions options) {
        try {
            Log.configure(options.debug(), options.trace(), options.logTime(), options.logFile());
            server.start();
        } catch (Exception e) {
            Log.fatal(String.valueOf(e.getMessage()));
            server.shutdown();
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        ProcessFiles files = new ProcessFiles(server, options);
        files.write();
        server.afterLameDuck(stopped::countDown);
        Signals.install(server, stopped);
        Log.info("Server is ready");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.shutdown();
        files.remove();
        System.exit(0);
    }
}
