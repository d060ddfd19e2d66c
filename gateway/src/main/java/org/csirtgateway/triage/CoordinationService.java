package org.csirtgateway.triage;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.csirtgateway.ack.Outbox;
import org.csirtgateway.ack.OutgoingMail;
import org.csirtgateway.archive.RawArchive;
import org.csirtgateway.profile.TeamProfile;
import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;
import org.csirtgateway.ticket.TicketIds;

/**
 * Triage for the UI and API: reads a ticket's triage, and queues the forward of a report to a partner team through
 * the transactional outbox (kind {@value #KIND}), recorded in ticket_coordination in the same transaction.
 */
public final class CoordinationService {

    public static final String KIND = "coordination";

    /** Why a forward was refused; the message is meant for the analyst. */
    public static final class CoordinationException extends RuntimeException {
        private final boolean notFound;

        CoordinationException(String message, boolean notFound) {
            super(message);
            this.notFound = notFound;
        }

        public boolean notFound() {
            return notFound;
        }
    }

    private final Database database;
    private final RawArchive archive;
    private final TeamProfile profile;
    private final TriageStore store;
    private final CoordinationComposer composer;
    private final TicketIds ticketIds;
    private final Clock clock;

    /** Signs and encrypts a forward for its partner team (the crypto stage); throws when it must not go out. */
    @FunctionalInterface
    public interface PartnerMailProtection {

        /** Forwards go out as composed (no team key: tests and teams without OpenPGP). */
        PartnerMailProtection NONE = (mail, partner) -> {
            if (partner.publicKey() != null) {
                throw new IllegalStateException("The forward to " + partner.address() + " must be encrypted to the "
                        + "partner's key, but OpenPGP is not set up");
            }
            return mail;
        };

        OutgoingMail protect(OutgoingMail mail, TeamProfile.Partner partner);
    }

    private final PartnerMailProtection protection;

    public CoordinationService(Database database, RawArchive archive, TeamProfile profile, TriageStore store,
                               TicketIds ticketIds, Clock clock) {
        this(database, archive, profile, store, ticketIds, clock, PartnerMailProtection.NONE);
    }

    public CoordinationService(Database database, RawArchive archive, TeamProfile profile, TriageStore store,
                               TicketIds ticketIds, Clock clock, PartnerMailProtection protection) {
        this.protection = protection;
        this.database = database;
        this.archive = archive;
        this.profile = profile;
        this.store = store;
        this.composer = new CoordinationComposer(profile);
        this.ticketIds = ticketIds;
        this.clock = clock;
    }

    public Optional<TriageView> triage(String ticketId) {
        return database.read(connection -> store.find(connection, ticketId));
    }

    /**
     * Queues a forward of the ticket's report to {@code partnerName}, or to the suggested partner when it is null.
     *
     * @throws CoordinationException when the ticket or partner is unknown, or there is no partner to suggest
     */
    public TriageView.Forward coordinate(String ticketId, String partnerName, String requestedBy) {
        Ticket ticket = database.read(connection -> Sql.one(connection, """
                SELECT t.subject, r.sha256 FROM tickets t
                  JOIN messages m ON m.ticket_id = t.id AND m.role = 'report'
                  JOIN raw_messages r ON r.id = m.raw_id
                 WHERE t.id = ? ORDER BY m.id LIMIT 1""", row -> new Ticket(row.getString(1), row.getString(2)),
                ticketId)).orElseThrow(() -> new CoordinationException("No ticket " + ticketId, true));
        TriageView triage = triage(ticketId).orElseThrow(() -> new CoordinationException(
                "Ticket " + ticketId + " has not been triaged", false));
        String name = partnerName == null || partnerName.isBlank() ? triage.partner() : partnerName.strip();
        if (name == null) {
            throw new CoordinationException("No partner team is responsible for the indicators of " + ticketId
                    + "; name one", false);
        }
        TeamProfile.Partner partner = profile.partner(name).orElseThrow(() -> new CoordinationException(
                "No partner team named '" + name + "' in the team profile", false));
        byte[] original;
        try (InputStream in = archive.open(ticket.rawSha256())) {
            original = in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("The original report of " + ticketId + " cannot be read from the "
                    + "archive: " + e.getMessage(), e);
        }
        Instant now = clock.instant();
        OutgoingMail mail;
        try {
            mail = protection.protect(composer.compose(ticketId, ticketIds.tag(ticketId), ticket.subject(), partner,
                    triage.indicators(), original, now), partner);
        } catch (IllegalStateException e) {
            throw new CoordinationException(e.getMessage(), false);
        }
        database.inTransaction(connection -> {
            Outbox.enqueue(connection, ticketId, KIND, mail, now);
            store.recordForward(connection, ticketId, partner, mail.messageId(), false, requestedBy, now);
            return null;
        });
        return new TriageView.Forward(partner.name(), partner.address(), mail.messageId(), false, requestedBy, now,
                "pending", null);
    }

    private record Ticket(String subject, String rawSha256) {
    }
}
