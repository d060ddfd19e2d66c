package org.csirtgateway.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.csirtgateway.index.IndexedMessage;
import org.csirtgateway.index.ReportIndex;
import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;

/**
 * A ticket's messages as index entries made from the database rows alone: what is left when a message's original
 * cannot be read. The intake indexes from the originals ({@code IntakePipeline#reindexTicket}, {@code
 * GatewayCore#reindex}), which also gives the text of text attachments; the database does not hold it.
 */
public final class Reindexer {

    private final Database database;

    public Reindexer(Database database) {
        this.database = database;
    }

    /** Re-indexes the messages of one ticket from the database rows alone. */
    public void reindexTicket(ReportIndex index, String ticketId) throws IOException {
        index.deleteTicket(ticketId);
        index.indexAll(messagesOf(ticketId));
        index.commit();
    }

    /** The index entry of one message, made from its database row; empty when there is no such message. */
    public java.util.Optional<IndexedMessage> messageOf(long messageId) {
        return database.read(connection -> Sql.one(connection, SELECT + " WHERE m.id = ?", Reindexer::row,
                messageId));
    }

    /** The index entries of a ticket's messages, made from the database rows, in message order. */
    public List<IndexedMessage> messagesOf(String ticketId) {
        return database.read(connection -> Sql.list(connection,
                SELECT + " WHERE m.ticket_id = ? ORDER BY m.id", Reindexer::row, ticketId));
    }

    /**
     * A message as the intake indexed it: its own text, then its forwarded evidence (headers and text) and report
     * fields (as {@code ParsedReport.searchableText()} joins them), its attachment names and its stored indicators.
     * Only the text of text attachments is missing: it lives in the attachment store, not in the database.
     */
    private static final String SELECT = """
            SELECT m.id, m.ticket_id, m.subject, m.from_address, m.from_name, m.body_text, m.received_at,
                   t.status, t.category, t.channel,
                   (SELECT group_concat(
                               coalesce('From: ' || e.from_text || char(10), '')
                               || coalesce('To: ' || e.to_text || char(10), '')
                               || coalesce('Subject: ' || e.subject || char(10), '')
                               || coalesce('Date: ' || e.date_text || char(10), '')
                               || coalesce('Message-ID: ' || e.header_message_id || char(10), '')
                               || e.received_chain || char(10) || char(10) || e.body_text, char(10) || char(10))
                      FROM (SELECT * FROM evidence WHERE message_id = m.id ORDER BY position) e) AS evidence_text,
                   (SELECT group_concat(f.name || ': ' || f.value, char(10))
                      FROM (SELECT * FROM report_fields WHERE message_id = m.id ORDER BY position) f) AS fields_text,
                   (SELECT group_concat(a.filename, char(10))
                      FROM (SELECT * FROM attachments WHERE message_id = m.id AND filename <> ''
                            ORDER BY position) a) AS attachment_names,
                   (SELECT group_concat(i.type || ' ' || i.value, char(10))
                      FROM indicators i WHERE i.message_id = m.id) AS indicator_lines
              FROM messages m JOIN tickets t ON t.id = m.ticket_id""";

    private static IndexedMessage row(java.sql.ResultSet row) throws java.sql.SQLException {
        String address = row.getString("from_address");
        String name = row.getString("from_name");
        String sender = address == null ? "(unknown sender)"
                : name == null || name.isBlank() ? address : name + " <" + address + ">";
        StringBuilder text = new StringBuilder(row.getString("body_text"));
        for (String more : new String[] {row.getString("evidence_text"), row.getString("fields_text")}) {
            if (more != null && !more.isBlank()) {
                text.append("\n\n").append(more);
            }
        }
        return IndexedMessages.of(row.getLong("id"), row.getString("ticket_id"), row.getString("subject"), sender,
                text.toString(), Sql.instant(row, "received_at"), row.getString("status"), row.getString("category"),
                row.getString("channel"), lines(row.getString("attachment_names")),
                storedIndicators(row.getString("indicator_lines")));
    }

    private static List<String> lines(String text) {
        return text == null || text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    /** The indicators the parser stored for the message ("type value" lines), in the index's fields. */
    private static List<org.csirtgateway.index.Indicator> storedIndicators(String lines) {
        List<org.csirtgateway.indicator.Indicator> stored = new java.util.ArrayList<>();
        for (String line : lines(lines)) {
            int space = line.indexOf(' ');
            if (space > 0) {
                stored.add(new org.csirtgateway.indicator.Indicator(line.substring(0, space), line.substring(space + 1),
                        "stored"));
            }
        }
        return ExtractedIndicators.forIndex(stored);
    }
}
