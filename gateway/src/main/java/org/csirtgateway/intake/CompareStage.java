package org.csirtgateway.intake;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.csirtgateway.index.IndexedMessage;
import org.csirtgateway.index.ReportIndex;
import org.csirtgateway.index.SimilarMessage;
import org.csirtgateway.search.SimilarTickets;
import org.csirtgateway.store.Database;

/**
 * Compares each new ticket's report with the reports before it and saves the near-duplicate proposals, with the
 * stage recorded as done in the same transaction. A report is compared only with messages placed before it, so a
 * burst of reports of one campaign is linked as if they had come one by one, and a comparison run again after a crash,
 * when later messages are already in the index, proposes what it proposed the first time.
 */
final class CompareStage {

    private final Database database;
    private final ReportIndex index;
    private final SimilarTickets similar;
    private final IntakeFailures failures;
    private final ParallelWork parallel;

    CompareStage(Database database, ReportIndex index, SimilarTickets similar, IntakeFailures failures,
                 ParallelWork parallel) {
        this.database = database;
        this.index = index;
        this.similar = similar;
        this.failures = failures;
        this.parallel = parallel;
    }

    /** A new ticket's report, as indexed, to compare. */
    record NewReport(IndexedMessage indexed, Placed placed) {
    }

    /**
     * Compares (in parallel) and records the proposals of the new tickets' reports, which must be in the index
     * already (added, not necessarily committed). A report whose comparison fails keeps its stage due.
     */
    void compare(List<NewReport> reports) {
        if (reports.isEmpty()) {
            return;
        }
        List<ParallelWork.Outcome<List<SimilarMessage>>> found;
        try (ReportIndex.EarlierLookups lookups = index.lookupsAmongEarlier()) {
            found = parallel.map(reports, report -> similar.candidates(lookups, report.indexed(),
                    report.placed().message().text()));
        } catch (IOException | RuntimeException e) {
            failures.proposalsFailed(reports.size(), e);
            return;
        }
        List<IndexedMessage> messages = new ArrayList<>();
        List<List<SimilarMessage>> proposals = new ArrayList<>();
        List<Long> done = new ArrayList<>();
        for (int k = 0; k < reports.size(); k++) {
            if (found.get(k).failure() != null) {
                failures.proposalsFailed(1, found.get(k).failure());
                continue;
            }
            messages.add(reports.get(k).indexed());
            proposals.add(found.get(k).value());
            done.add(reports.get(k).placed().placement().messageRowId());
        }
        try {
            database.inTransaction(connection -> {
                similar.record(connection, messages, proposals);
                StagesDue.done(connection, StagesDue.Stage.COMPARE, done);
                return null;
            });
        } catch (RuntimeException e) {
            failures.proposalsFailed(messages.size(), e);
        }
    }
}
