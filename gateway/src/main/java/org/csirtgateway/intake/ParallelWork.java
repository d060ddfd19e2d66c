package org.csirtgateway.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs the per-message work of a batch that needs no order (reading and parsing, building and adding index documents)
 * on every core, and hands back the results in the batch's order. What must stay in order (placing on tickets) stays
 * with the caller. Threads exist only while a batch is worked on, so an idle pipeline holds none.
 */
final class ParallelWork {

    /** One message's work; may fail on its own without affecting the others. */
    @FunctionalInterface
    interface Task<T, R> {
        R run(T item) throws Exception;
    }

    /** A task's value, or the exception it failed with. */
    record Outcome<R>(R value, Exception failure) {
    }

    private final ThreadPoolExecutor pool;
    private final ThreadPoolExecutor behind;

    ParallelWork(String name) {
        this.behind = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, name + "-behind");
                    thread.setDaemon(true);
                    return thread;
                });
        behind.allowCoreThreadTimeOut(true);
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        this.pool = new ThreadPoolExecutor(threads, threads, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, name);
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
    }

    /**
     * Runs {@code work} on a thread of its own, behind the caller, one such work at a time and in the order given
     * (indexing a batch while the next is placed on tickets). {@code work} must handle its own failures.
     */
    Future<?> behind(Runnable work) {
        return behind.submit(work);
    }

    /** Waits for work started with {@link #behind}; an interrupt is kept for the caller. */
    static void await(Future<?> work) {
        boolean interrupted = false;
        while (true) {
            try {
                work.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException e) {
                break; // the work handles its own failures; nothing is left to do about it here
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs {@code task} on each item, in parallel when there are several; outcomes in the items' order. */
    <T, R> List<Outcome<R>> map(List<T> items, Task<T, R> task) {
        if (items.size() == 1 || pool.getMaximumPoolSize() == 1) {
            List<Outcome<R>> outcomes = new ArrayList<>(items.size());
            for (T item : items) {
                outcomes.add(runOne(task, item));
            }
            return outcomes;
        }
        return start(items, task).await();
    }

    /** Work started on every core; {@link #await} hands back the outcomes in the items' order. */
    static final class Started<R> {
        private final List<Future<Outcome<R>>> pending;

        private Started(List<Future<Outcome<R>>> pending) {
            this.pending = pending;
        }

        List<Outcome<R>> await() {
            return collect(pending);
        }
    }

    /**
     * Starts {@code task} on each item and returns at once, so that the caller can do work of its own meanwhile
     * (placing the previous batch while this one is read and parsed).
     */
    <T, R> Started<R> start(List<T> items, Task<T, R> task) {
        List<Future<Outcome<R>>> pending = new ArrayList<>(items.size());
        for (T item : items) {
            pending.add(pool.submit(() -> runOne(task, item)));
        }
        return new Started<>(pending);
    }

    private static <R> List<Outcome<R>> collect(List<Future<Outcome<R>>> pending) {
        List<Outcome<R>> outcomes = new ArrayList<>(pending.size());
        boolean interrupted = false;
        for (Future<Outcome<R>> future : pending) {
            while (true) {
                try {
                    outcomes.add(future.get());
                    break;
                } catch (InterruptedException e) {
                    // Finish the batch: its messages are half-way through; the interrupt is kept for the caller.
                    interrupted = true;
                } catch (ExecutionException e) {
                    outcomes.add(new Outcome<>(null, new IllegalStateException(e.getCause())));
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return outcomes;
    }

    private static <T, R> Outcome<R> runOne(Task<T, R> task, T item) {
        try {
            return new Outcome<>(task.run(item), null);
        } catch (Exception e) {
            return new Outcome<>(null, e);
        }
    }
}
