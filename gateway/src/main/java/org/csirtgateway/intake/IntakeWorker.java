package org.csirtgateway.intake;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.csirtgateway.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single thread that processes kept messages (parse, ticket + acknowledgement, index, compare, triage), oldest
 * first, and finishes the stages left undone ({@link IntakePipeline#finishIncomplete}), apart from
 * the IMAP pollers: fetching never waits for processing, and a message that fails is retried later without holding
 * up the ones behind it. Woken when pollers keep something; otherwise it looks for due retries every second. Being
 * the only processing thread, it never processes one message twice at the same time: it takes the messages due in
 * batches, hands each message of a batch to one of the pipeline's helper threads to be read and parsed, and places
 * the batch on tickets itself, in order ({@link IntakePipeline#processDue}).
 */
public final class IntakeWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeWorker.class);
    private static final int BATCH = IntakePipeline.ROUND;
    private static final long IDLE_MILLIS = 1000;

    private final IntakePipeline pipeline;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private boolean woken;
    private volatile boolean running;
    private volatile Thread thread;

    public IntakeWorker(IntakePipeline pipeline) {
        this.pipeline = pipeline;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::loop, "intake-worker");
        thread.start();
    }

    /** Something was kept: process it now rather than at the next periodic look. */
    public void wake() {
        lock.lock();
        try {
            woken = true;
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        running = false;
        // Not interrupted: an interrupt during index or database I/O would close their channels. Woken instead.
        wake();
        Thread current = thread;
        if (current != null) {
            try {
                current.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void loop() {
        boolean databaseDown = false;
        while (running) {
            boolean more;
            try {
                // Stages left undone come first: a message is compared only with the messages before it, so those
                // must be in the index before newer ones are compared.
                int finished = pipeline.finishIncomplete(BATCH);
                int processed = pipeline.processDue(BATCH);
                more = finished == BATCH || processed == BATCH;
                if (databaseDown) {
                    LOG.info("Intake worker: database reachable again");
                    databaseDown = false;
                }
            } catch (StoreException e) {
                if (!databaseDown) {
                    LOG.error("Intake worker: database unavailable ({}); kept messages wait", e.getMessage());
                    databaseDown = true;
                }
                more = false;
            }
            if (!more && !await()) {
                return;
            }
        }
    }

    /** Waits until woken or a second has passed; false when interrupted (closing). */
    private boolean await() {
        lock.lock();
        try {
            if (!woken) {
                work.await(IDLE_MILLIS, TimeUnit.MILLISECONDS);
            }
            woken = false;
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }
}
