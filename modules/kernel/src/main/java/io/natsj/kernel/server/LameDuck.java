package io.natsj.kernel.server;

import io.natsj.kernel.client.ClientConnection;
import io.natsj.kernel.log.Log;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Lame duck mode's schedule: tell the clients (async INFO with {@code "ldm":true} to those that
 * speak protocol 1), wait the grace period, then close the clients one by one, spread evenly
 * over the rest of lame_duck_duration, and finally shut the server down.
 */
final class LameDuck {

    private final Server server;
    private final Duration duration;
    private final Duration grace;
    private final EventLoop timer;

    LameDuck(Server server, Duration duration, Duration grace) {
        this.server = server;
        this.duration = duration;
        this.grace = grace;
        this.timer = server.ioGroup().next();
    }

    void run() {
        server.sendInfoToClients();
        timer.schedule(this::closeClients, grace.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void closeClients() {
        List<ClientConnection> clients = new ArrayList<>(server.clients());
        if (clients.isEmpty()) {
            finish();
            return;
        }
        Duration spread = duration.minus(grace);
        long step = spread.isNegative() ? 0 : spread.toNanos() / clients.size();
        Log.info("Closing " + clients.size() + " existing clients");
        closeNext(clients, 0, step);
    }

    private void closeNext(List<ClientConnection> clients, int i, long stepNanos) {
        if (i >= clients.size()) {
            finish();
            return;
        }
        clients.get(i).closeForShutdown();
        timer.schedule(() -> closeNext(clients, i + 1, stepNanos), stepNanos, TimeUnit.NANOSECONDS);
    }

    private void finish() {
        Thread.ofPlatform().name("natsj-shutdown").start(server::shutdownFromLameDuck);
    }
}
