package org.csirtgateway.search;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.csirtgateway.index.IndexedMessage;
import org.csirtgateway.index.ReportIndex;
import org.csirtgateway.index.SimilarMessage;
import org.csirtgateway.index.TextFeatures;
import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;

/**
 * Near-duplicate proposals: after a new ticket is opened, its report is compared with the reports before it
 * ({@link ReportIndex#lookupsAmongEarlier}) and the tickets above the threshold are recorded in {@code similar_tickets} as
 * "possible duplicate of #X (score)" for an analyst to confirm or dismiss. Nothing is merged automatically: a
 * genuinely new report is never hidden.
 */
public final class SimilarTickets {

    /** Most proposals recorded per ticket. */
    public static final int MAX_PROPOSALS = 5;

    private final Database database;
    private final SearchSettings settings;
    private final Clock clock;

    public SimilarTickets(Database database, SearchSettings settings, Clock clock) {
        this.database = database;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * The proposals for the new ticket {@code message} opened, best first, among the messages placed before it
     * ({@link ReportIndex#lookupsAmongEarlier}), with its text's features worked out before. Thread-safe.
     */
    public List<SimilarMessage> candidates(ReportIndex.EarlierLookups lookups, IndexedMessage message,
                                           TextFeatures text) throws IOException {
        List<SimilarMessage> similar = lookups.similarTo(message, text, settings.nearDuplicateThreshold());
        return List.copyOf(similar.subList(0, Math.min(MAX_PROPOSALS, similar.size())));
    }

    /** Records the proposals of several messages (same order) in one transaction. */
    public void record(List<IndexedMessage> messages, List<List<SimilarMessage>> proposals) {
        if (proposals.stream().allMatch(List::isEmpty)) {
            return;
        }
        database.inTransaction(connection -> {
            record(connection, messages, proposals);
            return null;
        });
    }

    /**
     * Records the proposals of several messages (same order) in the caller's transaction. Recording the same
     * proposal again updates it: a comparison run twice never doubles a proposal.
     */
    public void record(java.sql.Connection connection, List<IndexedMessage> messages,
                       List<List<SimilarMessage>> proposals) throws java.sql.SQLException {
        Instant now = clock.instant();
        for (int i = 0; i < messages.size(); i++) {
            for (SimilarMessage proposal : proposals.get(i)) {
                Sql.update(connection, """
                        INSERT INTO similar_tickets (ticket_id, similar_to, score, text_similarity,
                                                     indicator_overlap, state, proposed_at)
                        VALUES (?, ?, ?, ?, ?, 'proposed', ?)
                        ON CONFLICT (ticket_id, similar_to) DO UPDATE SET score = excluded.score,
                            text_similarity = excluded.text_similarity,
                            indicator_overlap = excluded.indicator_overlap
                        """, messages.get(i).ticketId(), proposal.ticketId(), proposal.score(),
                        proposal.textSimilarity(), proposal.indicatorOverlap(), now);
            }
        }
    }

    /** A proposal as shown on a ticket. */
    public record Proposal(String ticketId, String similarTo, double score, String state) {
    }

    /** The proposals naming {@code ticketId} (as the newer ticket), best first. */
    public List<Proposal> proposalsFor(String ticketId) {
        return database.read(connection -> Sql.list(connection, """
                SELECT ticket_id, similar_to, score, state FROM similar_tickets
                 WHERE ticket_id = ? ORDER BY score DESC, similar_to""",
                row -> new Proposal(row.getString(1), row.getString(2), row.getDouble(3), row.getString(4)),
                ticketId));
    }

    /**
     * Marks {@code ticketId} as a duplicate of {@code duplicateOf}: status 'duplicate', the link recorded, a
     * matching proposal confirmed. Returns false when either ticket does not exist.
     */
    public boolean markDuplicate(String ticketId, String duplicateOf, String analyst) {
        if (ticketId.equals(duplicateOf)) {
            throw new IllegalArgumentException("a ticket cannot be a duplicate of itself");
        }
        Instant now = clock.instant();
        return database.inTransaction(connection -> {
            long found = Sql.count(connection, "SELECT COUNT(*) FROM tickets WHERE id IN (?, ?)", ticketId,
                    duplicateOf);
            if (found != 2) {
                return false;
            }
            Sql.update(connection, """
                    INSERT INTO ticket_duplicates (ticket_id, duplicate_of, marked_at, marked_by) VALUES (?, ?, ?, ?)
                    ON CONFLICT (ticket_id) DO UPDATE SET duplicate_of = excluded.duplicate_of,
                        marked_at = excluded.marked_at, marked_by = excluded.marked_by""",
                    ticketId, duplicateOf, now, analyst);
            Sql.update(connection, "UPDATE tickets SET status = 'duplicate', updated_at = ? WHERE id = ?", now,
                    ticketId);
            Sql.update(connection, """
                    UPDATE similar_tickets SET state = 'confirmed', decided_at = ?, decided_by = ?
                     WHERE ticket_id = ? AND similar_to = ?""", now, analyst, ticketId, duplicateOf);
            return true;
        });
    }

    /** The ticket {@code ticketId} was marked a duplicate of, if any. */
    public java.util.Optional<String> duplicateOf(String ticketId) {
        return database.read(connection -> Sql.one(connection,
                "SELECT duplicate_of FROM ticket_duplicates WHERE ticket_id = ?", row -> row.getString(1), ticketId));
    }
}
