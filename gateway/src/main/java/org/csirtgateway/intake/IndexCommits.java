package org.csirtgateway.intake;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.csirtgateway.index.ReportIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the search index is committed. A Lucene commit flushes a segment and forces several files to disk: done per
 * message it caps intake at a few messages per second. The index is rebuildable from the database (the source of
 * truth, committed per message), so the running gateway commits it on a schedule instead ({@link #deferred}):
 * messages become searchable within one commit interval, and a crash loses at most that interval of index updates,
 * which {@link org.csirtgateway.search.Reindexer#openOrRebuild} repairs at the next start.
 */
public final class IndexCommits {

    private static final Logger LOG = LoggerFactory.getLogger(IndexCommits.class);

    /** How often the running gateway commits a changed index: how soon a message becomes searchable. */
    public static final java.time.Duration INTERVAL = java.time.Duration.ofMillis(500);

    private final ReportIndex index;
    private final boolean immediate;
    private final AtomicBoolean changed = new AtomicBoolean();

    private IndexCommits(ReportIndex index, boolean immediate) {
        this.index = index;
        this.immediate = immediate;
    }

    /** Commits after every processed message or batch (tools, tests). */
    public static IndexCommits immediate(ReportIndex index) {
        return new IndexCommits(index, true);
    }

    /** Commits only when {@link #commitIfChanged} is called, e.g. by a scheduler every {@link #INTERVAL}. */
    public static IndexCommits deferred(ReportIndex index) {
        return new IndexCommits(index, false);
    }

    /** Something was added to the index. */
    void changed() throws IOException {
        if (immediate) {
            index.commit();
        } else {
            changed.set(true);
        }
    }

    /** Commits what was added since the last commit, if anything. Never throws: a failure is logged and retried. */
    public void commitIfChanged() {
        if (!changed.getAndSet(false)) {
            return;
        }
        try {
            index.commit();
        } catch (IOException | RuntimeException e) {
            changed.set(true);
            LOG.error("Search index commit failed ({}); retrying at the next interval", e.getMessage());
        }
    }
}
