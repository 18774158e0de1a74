package io.natsj.jetstream;

import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Runs tasks one at a time, in submission order, on a shared pool: a stream's changes
 * (appends, removals, purges) are serialized as its store requires, without a thread per
 * stream and without blocking the network loops that submit them.
 */
final class SerialExecutor implements Executor {

    private final Executor pool;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile Runnable onIdle;

    SerialExecutor(Executor pool) {
        this.pool = pool;
    }

    /** @param hook run on the executor's thread whenever it has run every queued task */
    void onIdle(Runnable hook) {
        this.onIdle = hook;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (scheduled.compareAndSet(false, true)) {
            pool.execute(this::drain);
        }
    }

    /** Runs a task in order and returns its result (called from API threads, never loops). */
    <T> T call(Supplier<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        execute(() -> {
            try {
                f.complete(task.get());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private void drain() {
        Runnable r;
        int n = 0;
        while ((r = tasks.poll()) != null) {
            try {
                r.run();
            } catch (RuntimeException e) {
                System.getLogger("io.natsj.jetstream").log(System.Logger.Level.ERROR, "JetStream task failed", e);
            }
            if (++n == 1024) {
                break;
            }
        }
        Runnable idle = onIdle;
        if (r == null && idle != null) {
            try {
                idle.run();
            } catch (RuntimeException e) {
                System.getLogger("io.natsj.jetstream").log(System.Logger.Level.ERROR, "JetStream idle task failed", e);
            }
        }
        scheduled.set(false);
        if (!tasks.isEmpty() && scheduled.compareAndSet(false, true)) {
            pool.execute(this::drain);
        }
    }
}
