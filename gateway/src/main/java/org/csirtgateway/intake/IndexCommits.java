package org.csirtgateway.intake;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.csirtgateway.index.ReportIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the search index is committed, and so when a message's index stage is done. A Lucene commit flushes a segment
 * and forces several files to disk: done per message it caps intake at a few messages per second. The running gateway
 * commits on a schedule instead ({@link #deferred}): messages become searchable within one commit interval. The
 * messages added since the last commit are remembered here; once a commit has made them durable their index stage is
 * recorded as done ({@link StagesDue}), so a crash before it leaves their index stage due, and it is finished at the
 * next start.
 */
public final class IndexCommits {

    private static final Logger LOG = LoggerFactory.getLogger(IndexCommits.class);

    /** How often the running gateway commits a changed index: how soon a message becomes searchable. */
    public static final java.time.Duration INTERVAL = java.time.Duration.ofMillis(500);

    private final ReportIndex index;
    private final StagesDue stages;
    private final boolean immediate;
    private final AtomicBoolean changed = new AtomicBoolean();
    /** Messages added to the index and not yet committed with it. */
    private final Set<Long> uncommitted = ConcurrentHashMap.newKeySet();
    private final Object commitLock = new Object();
    private final IntakeObserver observer;

    private IndexCommits(ReportIndex index, StagesDue stages, boolean immediate, IntakeObserver observer) {
        this.index = index;
        this.observer = observer;
        this.stages = stages;
        this.immediate = immediate;
    }

    /** Commits after every processed batch (import, reindex, tools). */
    public static IndexCommits immediate(ReportIndex index, StagesDue stages, IntakeObserver observer) {
        return new IndexCommits(index, stages, true, observer);
    }

    /** Commits only when {@link #commitIfChanged} is called, e.g. by a scheduler every {@link #INTERVAL}. */
    public static IndexCommits deferred(ReportIndex index, StagesDue stages, IntakeObserver observer) {
        return new IndexCommits(index, stages, false, observer);
    }

    /** A message was added to the index (not yet durable there). */
    void added(long messageId) {
        uncommitted.add(messageId);
        changed.set(true);
    }

    /** The messages added and not yet committed: their index stage is under way, not due. */
    Set<Long> uncommitted() {
        return uncommitted;
    }

    /** A batch's additions are complete: committed now when commits are immediate. */
    void batchDone() throws IOException {
        if (immediate) {
            commit();
        }
    }

    /** Commits now, whatever the schedule (an analyst's change must be searchable when the request returns). */
    void commitNow() throws IOException {
        commit();
    }

    /** Commits what was added since the last commit, if anything. Never throws: a failure is logged and retried. */
    public void commitIfChanged() {
        if (!changed.get()) {
            return;
        }
        try {
            commit();
        } catch (IOException | RuntimeException e) {
            LOG.error("Search index commit failed ({}); retrying at the next interval", e.getMessage());
        }
    }

    private void commit() throws IOException {
        synchronized (commitLock) {
            changed.set(false);
            List<Long> committing = List.copyOf(uncommitted);
            try {
                index.commit();
            } catch (IOException | RuntimeException e) {
                changed.set(true);
                throw e;
            }
            observer.passed(IntakeObserver.Boundary.INDEX_COMMITTED);
            try {
                stages.done(StagesDue.Stage.INDEX, committing);
                committing.forEach(uncommitted::remove);
            } catch (RuntimeException e) {
                changed.set(true); // the index holds them; recording that is tried again at the next commit
                throw e;
            }
        }
    }
}
