package org.csirtgateway.ticket;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import org.csirtgateway.ack.Outbox;
import org.csirtgateway.ack.OutgoingMail;
import org.csirtgateway.ack.TeamMailComposer;
import org.csirtgateway.archive.RawArchive;
import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;

/**
 * The changes analysts make to tickets: status (with who and when), assignee, category, internal notes, merge, and
 * mail from the team (reply to the reporter, forward to another team). Each change is one transaction that also
 * writes its line of the audit log ({@code ticket_events}). A change that breaks a rule is refused with
 * {@link TicketChangeRefused}, naming the rule; nothing is written then.
 *
 * <p>Who may call these is decided by the caller (the admin UI checks roles); {@code actor} is the user's name.
 */
public final class TicketCommands {

    /** Limits on what an analyst can type; errors name them. */
    public static final int MAX_NOTE_CHARS = 20_000;
    public static final int MAX_MAIL_BODY_CHARS = 50_000;
    public static final int MAX_NAME_CHARS = 100;

    private static final Pattern USER_NAME = Pattern.compile("[\\p{L}\\p{N}._@-]{1,100}");

    private final Database database;
    private final TicketIds ids;
    private final TeamMailComposer mail;
    private final OutgoingProtection protection;
    private final RawArchive archive;
    private final Clock clock;
    private final TicketChanges changes;

    public TicketCommands(Database database, TicketIds ids, TeamMailComposer mail, RawArchive archive, Clock clock) {
        this(database, ids, mail, archive, clock, OutgoingProtection.NONE);
    }

    /** As above, with replies and forwards signed (and encrypted where the report was) before they are queued. */
    public TicketCommands(Database database, TicketIds ids, TeamMailComposer mail, RawArchive archive, Clock clock,
                          OutgoingProtection protection) {
        this(database, ids, mail, archive, clock, protection, TicketChanges.NONE);
    }

    /** As above, and {@code changes} is told of every committed change of status or category (the search index). */
    public TicketCommands(Database database, TicketIds ids, TeamMailComposer mail, RawArchive archive, Clock clock,
                          OutgoingProtection protection, TicketChanges changes) {
        this.changes = changes;
        this.protection = protection;
        this.database = database;
        this.ids = ids;
        this.mail = mail;
        this.archive = archive;
        this.clock = clock;
    }

    /** Moves the ticket along its life; see {@link TicketStatus#RULE}. */
    public void changeStatus(String ticketId, String status, String actor) {
        TicketStatus wanted = TicketStatus.parse(status).orElseThrow(() -> new TicketChangeRefused("status-unknown",
                "Unknown status '" + status + "'; use one of " + String.join(", ", TicketStatus.names())));
        Instant now = clock.instant();
        database.inTransaction(connection -> {
            Current ticket = workable(connection, ticketId);
            TicketStatus current = TicketStatus.parse(ticket.status()).orElse(TicketStatus.NEW);
            if (!current.mayBecome(wanted)) {
                throw new TicketChangeRefused("status-transition", "Status cannot change from " + current.dbName()
                        + " to " + wanted.dbName() + ": " + TicketStatus.RULE + ". From " + current.dbName()
                        + " it may become: " + String.join(", ", current.next().stream().map(TicketStatus::dbName)
                        .sorted().toList()));
            }
            Sql.update(connection, """
                    UPDATE tickets SET status = ?, status_changed_at = ?, status_changed_by = ?, updated_at = ?
                     WHERE id = ?""", wanted.dbName(), now, actor, now, ticketId);
            event(connection, ticketId, now, actor, "status", current.dbName() + " -> " + wanted.dbName());
            return null;
        });
        changes.changed(ticketId);
    }

    /** Assigns the ticket to a user name, or unassigns it when {@code assignee} is blank. */
    public void assign(String ticketId, String assignee, String actor) {
        String name = assignee == null ? "" : assignee.strip();
        if (!name.isEmpty() && !USER_NAME.matcher(name).matches()) {
            throw new TicketChangeRefused("assignee-format", "An assignee is a user name of at most "
                    + MAX_NAME_CHARS + " letters, digits or . _ @ -");
        }
        Instant now = clock.instant();
        database.inTransaction(connection -> {
            Current ticket = workable(connection, ticketId);
            String value = name.isEmpty() ? null : name;
            Sql.update(connection, "UPDATE tickets SET assignee = ?, updated_at = ? WHERE id = ?", value, now,
                    ticketId);
            event(connection, ticketId, now, actor, "assignee", orNone(ticket.assignee()) + " -> " + orNone(value));
            return null;
        });
    }

    /** Sets the category (free text for now), or clears it when blank. */
    public void categorize(String ticketId, String category, String actor) {
        String text = category == null ? "" : category.replaceAll("[\\p{Cntrl}]+", " ").strip();
        if (text.length() > MAX_NAME_CHARS) {
            throw new TicketChangeRefused("category-too-long", "A category has at most " + MAX_NAME_CHARS
                    + " characters (got " + text.length() + ")");
        }
        Instant now = clock.instant();
        database.inTransaction(connection -> {
            Current ticket = workable(connection, ticketId);
            String value = text.isEmpty() ? null : text;
            Sql.update(connection, "UPDATE tickets SET category = ?, updated_at = ? WHERE id = ?", value, now,
                    ticketId);
            event(connection, ticketId, now, actor, "category", orNone(ticket.category()) + " -> " + orNone(value));
            return null;
        });
        changes.changed(ticketId);
    }

    /** Adds an internal note (never mailed to anyone). Returns its id. */
    public long addNote(String ticketId, String body, String actor) {
        String text = body == null ? "" : body.strip();
        if (text.isEmpty()) {
            throw new TicketChangeRefused("note-empty", "A note needs some text");
        }
        if (text.length() > MAX_NOTE_CHARS) {
            throw new TicketChangeRefused("note-too-long", "A note has at most " + MAX_NOTE_CHARS
                    + " characters (got " + text.length() + ")");
        }
        Instant now = clock.instant();
        return database.inTransaction(connection -> {
            requireExists(connection, ticketId);
            long id = Sql.insert(connection,
                    "INSERT INTO ticket_notes (ticket_id, at, author, body) VALUES (?, ?, ?, ?)",
                    ticketId, now, actor, text);
            Sql.update(connection, "UPDATE tickets SET updated_at = ? WHERE id = ?", now, ticketId);
            event(connection, ticketId, now, actor, "note", "note " + id + " added");
            return id;
        });
    }

    /**
     * Merges {@code ticketId} into {@code survivorId}: its messages are shown on the survivor, mail naming either ID
     * goes to the survivor, and it is marked duplicate. Tickets merged into it earlier follow it.
     */
    public void merge(String ticketId, String survivorId, String actor) {
        if (survivorId == null || survivorId.isBlank()) {
            throw new TicketChangeRefused("merge-target-missing", "Name the ticket to merge into");
        }
        String survivor = survivorId.strip();
        if (survivor.equals(ticketId)) {
            throw new TicketChangeRefused("merge-into-itself", "A ticket cannot be merged into itself");
        }
        Instant now = clock.instant();
        database.inTransaction(connection -> {
            Current merged = workable(connection, ticketId);
            Current target = current(connection, survivor);
            if (target.mergedInto() != null) {
                throw new TicketChangeRefused("merge-into-merged", "Ticket " + survivor + " was itself merged into "
                        + target.mergedInto() + "; merge into " + target.mergedInto() + " instead");
            }
            Sql.update(connection, """
                    UPDATE tickets SET merged_into = ?, status = 'duplicate', status_changed_at = ?,
                                       status_changed_by = ?, updated_at = ? WHERE id = ?""",
                    survivor, now, actor, now, ticketId);
            List<String> earlier = Sql.list(connection, "SELECT id FROM tickets WHERE merged_into = ?",
                    row -> row.getString(1), ticketId);
            Sql.update(connection, "UPDATE tickets SET merged_into = ? WHERE merged_into = ?", survivor, ticketId);
            Sql.update(connection, "UPDATE tickets SET updated_at = ? WHERE id = ?", now, survivor);
            event(connection, ticketId, now, actor, "merged-into", "merged into " + survivor + " (status "
                    + merged.status() + " -> duplicate)");
            event(connection, survivor, now, actor, "merge", ticketId + " merged into this ticket"
                    + (earlier.isEmpty() ? "" : ", with " + String.join(", ", earlier)));
            return null;
        });
        changes.changed(ticketId);
    }

    /**
     * Mails the reporter (or {@code to}, when given) from the team, in the ticket's thread. Returns the Message-ID.
     */
    public String reply(String ticketId, String to, String body, String actor) {
        String text = mailBody(body, "reply");
        Instant now = clock.instant();
        return database.inTransaction(connection -> {
            Current ticket = workable(connection, ticketId);
            if ((to == null || to.isBlank()) && !ticket.reporter().contains("@")) {
                throw new TicketChangeRefused("reply-recipient", "Ticket " + ticketId + " has no reporter address to "
                        + "reply to; give the recipient ('to')");
            }
            String recipient = to == null || to.isBlank() ? ticket.reporter() : to.strip();
            String address = address(recipient, "reply-recipient");
            Thread thread = thread(connection, ticketId);
            String subject = "Re: " + tagged(ticketId, ticket.subject());
            OutgoingMail outgoing = protection.protect(connection, mail.compose(new TeamMailComposer.Draft(ticketId,
                    address, subject, text, thread.lastIncoming(), thread.messageIds(), null), now), ticketId);
            Outbox.enqueueTeamMail(connection, ticketId, Outbox.REPLY, outgoing, subject, text, actor, now);
            Sql.update(connection, "UPDATE tickets SET updated_at = ? WHERE id = ?", now, ticketId);
            event(connection, ticketId, now, actor, "reply", "reply to " + address + " queued");
            return outgoing.messageId();
        });
    }

    /** Forwards the report to another team with a note, the original attached unchanged. Returns the Message-ID. */
    public String forward(String ticketId, String to, String note, String actor) {
        String text = note == null ? "" : note.strip();
        if (text.length() > MAX_MAIL_BODY_CHARS) {
            throw new TicketChangeRefused("forward-too-long", "A forward's note has at most " + MAX_MAIL_BODY_CHARS
                    + " characters (got " + text.length() + ")");
        }
        if (to == null || to.isBlank()) {
            throw new TicketChangeRefused("forward-recipient", "A forward needs the address of the team to send to");
        }
        String address = address(to.strip(), "forward-recipient");
        Instant now = clock.instant();
        return database.inTransaction(connection -> {
            Current ticket = workable(connection, ticketId);
            Thread thread = thread(connection, ticketId);
            byte[] original = thread.reportSha256() == null ? null : readArchived(thread.reportSha256());
            String subject = "Fwd: " + tagged(ticketId, ticket.subject());
            String body = (text.isEmpty() ? "" : text + "\n\n") + "Our reference: " + ticketId
                    + (original == null ? "" : "\nThe report as we received it is attached unchanged.") + "\n";
            OutgoingMail outgoing = protection.protect(connection, mail.compose(new TeamMailComposer.Draft(ticketId,
                    address, subject, body, null, List.of(), original), now), ticketId);
            Outbox.enqueueTeamMail(connection, ticketId, Outbox.FORWARD, outgoing, subject, body, actor, now);
            Sql.update(connection, "UPDATE tickets SET updated_at = ? WHERE id = ?", now, ticketId);
            event(connection, ticketId, now, actor, "forward", "forward to " + address + " queued");
            return outgoing.messageId();
        });
    }

    /** Records a line of the audit log in the caller's transaction (also used by the intake). */
    public static void event(Connection connection, String ticketId, Instant at, String actor, String kind,
                             String detail) throws SQLException {
        Sql.update(connection, "INSERT INTO ticket_events (ticket_id, at, actor, kind, detail) VALUES (?, ?, ?, ?, ?)",
                ticketId, at, actor, kind, detail);
    }

    private record Current(String id, String subject, String reporter, String status, String assignee,
                           String category, String mergedInto) {
    }

    private record Thread(List<String> messageIds, String lastIncoming, String reportSha256) {
    }

    private String tagged(String ticketId, String subject) {
        String tag = ids.tag(ticketId);
        String cleaned = subject.replaceAll("(?i)^((re|fwd?|aw|wg)\\s*:\\s*)+", "");
        return cleaned.contains(tag) ? cleaned : tag + " " + cleaned;
    }

    private static Current current(Connection connection, String ticketId) throws SQLException {
        return Sql.one(connection, """
                        SELECT id, subject, reporter, status, assignee, category, merged_into FROM tickets WHERE id = ?""",
                row -> new Current(row.getString("id"), row.getString("subject"), row.getString("reporter"),
                        row.getString("status"), row.getString("assignee"), row.getString("category"),
                        row.getString("merged_into")), ticketId).orElseThrow(() -> new TicketNotFound(ticketId));
    }

    /** The ticket, which must not have been merged away: work continues on the survivor. */
    private static Current workable(Connection connection, String ticketId) throws SQLException {
        Current ticket = current(connection, ticketId);
        if (ticket.mergedInto() != null) {
            throw new TicketChangeRefused("ticket-merged", "Ticket " + ticketId + " was merged into "
                    + ticket.mergedInto() + "; work on " + ticket.mergedInto() + " instead");
        }
        return ticket;
    }

    private static void requireExists(Connection connection, String ticketId) throws SQLException {
        current(connection, ticketId);
    }

    /** Message-IDs of the thread (this ticket and those merged into it), oldest first. */
    private static Thread thread(Connection connection, String ticketId) throws SQLException {
        record Row(String messageId, String sha256) {
        }
        List<Row> incoming = Sql.list(connection, """
                SELECT m.message_id, r.sha256 FROM messages m JOIN raw_messages r ON r.id = m.raw_id
                 WHERE m.ticket_id = ? OR m.ticket_id IN (SELECT id FROM tickets WHERE merged_into = ?)
                 ORDER BY m.received_at, m.id""", row -> new Row(row.getString(1), row.getString(2)),
                ticketId, ticketId);
        List<String> ids = new ArrayList<>();
        String lastIncoming = null;
        for (Row row : incoming) {
            if (row.messageId() != null && !row.messageId().isBlank()) {
                ids.add(row.messageId());
                lastIncoming = row.messageId();
            }
        }
        String reportSha = incoming.isEmpty() ? null : incoming.get(0).sha256();
        return new Thread(ids, lastIncoming, reportSha);
    }

    private byte[] readArchived(String sha256) {
        try (InputStream in = archive.open(sha256)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("The archived report " + sha256 + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static String mailBody(String body, String what) {
        String text = body == null ? "" : body.strip();
        if (text.isEmpty()) {
            throw new TicketChangeRefused(what + "-empty", "A " + what + " needs some text");
        }
        if (text.length() > MAX_MAIL_BODY_CHARS) {
            throw new TicketChangeRefused(what + "-too-long", "A " + what + " has at most " + MAX_MAIL_BODY_CHARS
                    + " characters (got " + text.length() + ")");
        }
        return text;
    }

    private static String address(String text, String rule) {
        if (text.length() > 254 || text.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new TicketChangeRefused(rule, "'" + printable(text) + "' is not a single e-mail address");
        }
        try {
            InternetAddress parsed = new InternetAddress(text, true);
            parsed.validate();
            String address = parsed.getAddress();
            if (address == null || !address.contains("@") || parsed.isGroup()) {
                throw new AddressException("not a single address");
            }
            return address;
        } catch (AddressException e) {
            throw new TicketChangeRefused(rule, "'" + printable(text) + "' is not a single e-mail address");
        }
    }

    private static String printable(String text) {
        String line = text.replaceAll("\\p{Cntrl}", "?");
        return line.length() > 80 ? line.substring(0, 80) + "..." : line;
    }

    private static String orNone(String value) {
        return value == null ? "(none)" : value;
    }

    /** The ticket a reader following {@code ticketId} should see: itself, or the one it was merged into. */
    public Optional<String> survivorOf(String ticketId) {
        return database.read(connection -> TicketRouting.survivorOf(connection, ticketId));
    }
}
