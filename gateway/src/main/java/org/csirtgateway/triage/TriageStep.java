package org.csirtgateway.triage;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;

import org.csirtgateway.archive.RawArchive;
import org.csirtgateway.intake.AfterTicketing;
import org.csirtgateway.intake.StagesDue;
import org.csirtgateway.parse.ParsedReport;
import org.csirtgateway.store.Database;
import org.csirtgateway.ticket.Placement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Triage as a step of intake: runs on every new ticket right after the ticket transaction. Triage is advisory, so
 * its failure never touches the ticket: it is recorded on the ticket (ticket_triage.error) and logged once, here.
 */
public final class TriageStep implements AfterTicketing {

    private static final Logger LOG = LoggerFactory.getLogger(TriageStep.class);

    private final Database database;
    private final RawArchive archive;
    private final TriageEngine engine;
    private final TriageStore store;
    private final Clock clock;

    public TriageStep(Database database, RawArchive archive, TriageEngine engine, TriageStore store, Clock clock) {
        this.database = database;
        this.archive = archive;
        this.engine = engine;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void ticketed(Placement placement, ParsedReport report, String rawSha256) {
        if (!placement.openedTicket()) {
            return;
        }
        String ticketId = placement.ticketId();
        try {
            List<String> feedbackTypes = feedbackTypes(report, rawSha256);
            TriageResult result = engine.triage(report, feedbackTypes);
            database.inTransaction(connection -> {
                store.save(connection, ticketId, result, feedbackTypes, clock.instant());
                StagesDue.done(connection, StagesDue.Stage.TRIAGE, List.of(placement.messageRowId()));
                return null;
            });
        } catch (IOException | RuntimeException e) {
            String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.warn("Ticket {} stands without triage: {}", ticketId, reason);
            try {
                database.inTransaction(connection -> {
                    store.saveFailure(connection, ticketId, reason, clock.instant());
                    StagesDue.done(connection, StagesDue.Stage.TRIAGE, List.of(placement.messageRowId()));
                    return null;
                });
            } catch (RuntimeException ignored) {
                // Already logged above; the ticket simply shows no triage.
            }
        }
    }

    /**
     * Triage for the new tickets of a batch: each is triaged on its own, and the findings (or each one's failure) are
     * saved in one transaction. Should that transaction fail, each ticket is saved on its own as {@link #ticketed}
     * does, so one bad ticket never leaves the others without triage.
     */
    @Override
    public void ticketedAll(List<AfterTicketing.Ticketed> batch) {
        List<AfterTicketing.Ticketed> opened = batch.stream().filter(one -> one.placement().openedTicket()).toList();
        if (opened.size() <= 1) {
            opened.forEach(one -> ticketed(one.placement(), one.report(), one.rawSha256()));
            return;
        }
        record Finding(String ticketId, long messageId, TriageResult result, List<String> feedbackTypes,
                       String failure) {
        }
        // Triage reads nothing but the report (and its archived original), so the batch's tickets are triaged on every
        // core; the findings are saved in order, below.
        List<Finding> findings = opened.parallelStream().map(one -> {
            String ticketId = one.placement().ticketId();
            try {
                List<String> feedbackTypes = feedbackTypes(one.report(), one.rawSha256());
                return new Finding(ticketId, one.placement().messageRowId(), engine.triage(one.report(),
                        feedbackTypes), feedbackTypes, null);
            } catch (IOException | RuntimeException e) {
                String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
                LOG.warn("Ticket {} stands without triage: {}", ticketId, reason);
                return new Finding(ticketId, one.placement().messageRowId(), null, List.<String>of(), reason);
            }
        }).toList();
        try {
            database.inTransaction(connection -> {
                for (Finding finding : findings) {
                    save(connection, finding.ticketId(), finding.messageId(), finding.result(),
                            finding.feedbackTypes(), finding.failure());
                }
                StagesDue.done(connection, StagesDue.Stage.TRIAGE, findings.stream().map(Finding::messageId)
                        .toList());
                return null;
            });
        } catch (RuntimeException batchFailed) {
            for (Finding finding : findings) {
                try {
                    database.inTransaction(connection -> {
                        save(connection, finding.ticketId(), finding.messageId(), finding.result(),
                                finding.feedbackTypes(), finding.failure());
                        StagesDue.done(connection, StagesDue.Stage.TRIAGE, List.of(finding.messageId()));
                        return null;
                    });
                } catch (RuntimeException e) {
                    LOG.warn("Ticket {} stands without triage: {}", finding.ticketId(),
                            e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            }
        }
    }

    private void save(java.sql.Connection connection, String ticketId, long messageId, TriageResult result,
                      List<String> feedbackTypes, String failure) throws java.sql.SQLException {
        if (failure == null) {
            store.save(connection, ticketId, result, feedbackTypes, clock.instant());
        } else {
            store.saveFailure(connection, ticketId, failure, clock.instant());
        }
    }

    private List<String> feedbackTypes(ParsedReport report, String rawSha256) throws IOException {
        boolean arf = report.attachments().stream().anyMatch(a -> a.equalsIgnoreCase("message/feedback-report"));
        if (!arf) {
            return List.of();
        }
        try (InputStream in = archive.open(rawSha256)) {
            return ArfFeedback.feedbackTypes(in.readNBytes(ArfFeedback.MAX_SCAN_BYTES));
        }
    }
}
