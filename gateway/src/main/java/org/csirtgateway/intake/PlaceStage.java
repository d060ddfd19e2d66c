package org.csirtgateway.intake;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.csirtgateway.ack.AcknowledgementComposer;
import org.csirtgateway.ack.AcknowledgementPolicy;
import org.csirtgateway.ack.Outbox;
import org.csirtgateway.ack.OutgoingMail;
import org.csirtgateway.crypto.CryptoStage;
import org.csirtgateway.evidence.ReportDetailsRecords;
import org.csirtgateway.metrics.GatewayMetrics;
import org.csirtgateway.parse.ParsedReport;
import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;
import org.csirtgateway.ticket.Placement;
import org.csirtgateway.ticket.TicketService;

/**
 * Places read messages on tickets with their acknowledgements in the outbox: a batch in ONE transaction (one forced
 * write instead of one per message), which also marks each message processed and records, for the whole batch at
 * once, the stages still due after it ({@link StagesDue}). When the batch transaction fails, each message is placed in
 * a transaction of its own, so a poison message is retried or quarantined alone. A message no longer pending (placed meanwhile) is left as it is:
 * placing twice never makes a second ticket or a second acknowledgement.
 */
final class PlaceStage {

    /** The messages placed, and the raw id at which placing stopped because its failure could not be recorded. */
    record PlacedBatch(List<Placed> placed, Long stoppedAt) {
    }

    private final Database database;
    private final TicketService tickets;
    private final AcknowledgementPolicy policy;
    private final Optional<AcknowledgementComposer> composer;
    private final CryptoStage crypto;
    private final Clock clock;
    private final GatewayMetrics metrics;
    private final IntakeFailures failures;

    PlaceStage(Database database, TicketService tickets, AcknowledgementPolicy policy,
               Optional<AcknowledgementComposer> composer, CryptoStage crypto, Clock clock, GatewayMetrics metrics,
               IntakeFailures failures) {
        this.database = database;
        this.tickets = tickets;
        this.policy = policy;
        this.composer = composer;
        this.crypto = crypto;
        this.clock = clock;
        this.metrics = metrics;
        this.failures = failures;
    }

    PlacedBatch placeAll(List<Prepared> prepared) {
        if (prepared.isEmpty()) {
            return new PlacedBatch(List.of(), null);
        }
        Long stoppedAt = null;
        long started = System.nanoTime();
        Instant now = clock.instant();
        List<Placed> placed;
        try {
            placed = database.inTransaction(connection -> {
                List<Placed> all = new ArrayList<>();
                for (Prepared message : prepared) {
                    Placement placement = place(connection, message, now);
                    if (placement != null) {
                        all.add(new Placed(message, placement));
                    }
                }
                StagesDue.placed(connection, all.stream().map(Placed::placement).toList());
                return all;
            });
        } catch (RuntimeException batchFailed) {
            placed = new ArrayList<>();
            for (Prepared message : prepared) {
                try {
                    Placement placement = database.inTransaction(connection -> {
                        Placement one = place(connection, message, clock.instant());
                        if (one != null) {
                            StagesDue.placed(connection, List.of(one));
                        }
                        return one;
                    });
                    if (placement != null) {
                        placed.add(new Placed(message, placement));
                    }
                } catch (RuntimeException e) {
                    if (failures.handle(message.rawId(), IntakeFailures.Stage.TICKET, e)
                            == IntakeFailures.Outcome.UNRECORDED) {
                        stoppedAt = message.rawId();
                        break;
                    }
                }
            }
        }
        metrics.stageShared(GatewayMetrics.TICKET, started, prepared.size());
        placed.stream().filter(one -> one.placement().openedTicket()).forEach(one -> metrics.ticketCreated());
        return new PlacedBatch(placed, stoppedAt);
    }

    /** Places one message and queues its acknowledgement, in the caller's transaction; null when no longer pending. */
    private Placement place(Connection connection, Prepared message, Instant now) throws SQLException {
        long rawId = message.rawId();
        RawRow raw = message.raw();
        ParsedReport report = message.report();
        boolean stillPending = Sql.count(connection,
                "SELECT COUNT(*) FROM raw_messages WHERE id = ? AND state = 'pending'", rawId) > 0;
        if (!stillPending) {
            return null;
        }
        Placement placement = tickets.place(connection, report, message.text().exactDuplicateKey(), rawId,
                raw.channel(), raw.fetchedAt());
        ReportDetailsRecords.save(connection, placement.messageRowId(), report.details());
        crypto.record(connection, placement.messageRowId(), report, message.unwrapped(), now);
        acknowledge(connection, placement, message, now);
        Sql.update(connection, "UPDATE raw_messages SET state = 'processed', failure = NULL, next_attempt_at = NULL "
                + "WHERE id = ?", rawId);
        return placement;
    }

    /**
     * A new ticket's acknowledgement as the policy decides (never for imported history), with the decision recorded;
     * the same report sent again (by its reporter or another party) is acknowledged too, naming the ticket it joined.
     * Robots, lists and loops are never answered; a follow-up or a re-delivered Message-ID gets nothing.
     */
    private void acknowledge(Connection connection, Placement placement, Prepared message, Instant now)
            throws SQLException {
        ParsedReport report = message.report();
        boolean never = message.raw().ackMode() == AckMode.NEVER;
        if (placement.openedTicket() && never) {
            Outbox.recordDecision(connection, placement.ticketId(), false, AckMode.IMPORTED_REASON, now);
        } else if (placement.openedTicket()) {
            AcknowledgementPolicy.Decision decision = policy.decide(connection, report, now);
            if (decision.send() && composer.isPresent()) {
                OutgoingMail mail = crypto.protect(connection, composer.get().compose(placement.ticketId(),
                        tickets.ids().tag(placement.ticketId()),
                        CryptoStage.forAcknowledgement(report, message.unwrapped()), now),
                        message.unwrapped().status());
                Outbox.enqueue(connection, placement.ticketId(), Outbox.ACKNOWLEDGEMENT, mail, now);
                Outbox.recordDecision(connection, placement.ticketId(), true, decision.reason(), now);
            } else {
                String reason = decision.send() ? "acknowledgements are switched off" : decision.reason();
                Outbox.recordDecision(connection, placement.ticketId(), false, reason, now);
            }
        } else if (placement.sameContentAsExistingTicket() && !never && composer.isPresent()
                && policy.decide(connection, report, now).send()) {
            OutgoingMail mail = composer.get().compose(placement.ticketId(),
                    tickets.ids().tag(placement.ticketId()), report, now, placement.ticketId());
            Outbox.enqueue(connection, placement.ticketId(), Outbox.ACKNOWLEDGEMENT, mail, now);
        }
    }
}
