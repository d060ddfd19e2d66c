package org.csirtgateway.evidence;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

import org.csirtgateway.indicator.Indicator;
import org.csirtgateway.parse.Attachment;
import org.csirtgateway.parse.Evidence;
import org.csirtgateway.parse.ReportDetails;
import org.csirtgateway.parse.ReportField;
import org.csirtgateway.store.Sql;

/** Writes and reads a message's details (evidence, attachments, report fields, indicators) in the V4 tables. */
public final class ReportDetailsRecords {

    private ReportDetailsRecords() {
    }

    /** Inserts the details of message row {@code messageRowId}, inside the caller's transaction. */
    public static void save(Connection connection, long messageRowId, ReportDetails details) throws SQLException {
        for (Evidence e : details.evidence()) {
            Sql.insert(connection, """
                            INSERT INTO evidence (message_id, position, parent_position, depth, header_message_id,
                                                  from_text, to_text, subject, date_text, sent_at, received_chain,
                                                  body_text)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    messageRowId, e.position(), e.parentPosition(), e.depth(), e.messageId(), e.from(), e.to(),
                    e.subject(), e.date(), e.sentAt(), String.join("\n", e.received()), e.bodyText());
        }
        int position = 0;
        for (Attachment a : details.attachments()) {
            Sql.insert(connection, """
                            INSERT INTO attachments (message_id, evidence_position, position, filename, declared_type,
                                                     detected_type, size_bytes, sha256, stored)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    messageRowId, a.evidencePosition(), ++position, a.filename(), a.declaredType(), a.detectedType(),
                    a.sizeBytes(), a.sha256(), a.stored() ? 1 : 0);
        }
        position = 0;
        for (ReportField f : details.fields()) {
            Sql.insert(connection, """
                            INSERT INTO report_fields (message_id, position, format, name, value)
                            VALUES (?, ?, ?, ?, ?)""", messageRowId, ++position, f.format(), f.name(), f.value());
        }
        for (Indicator i : details.indicators()) {
            Sql.update(connection, """
                            INSERT OR IGNORE INTO indicators (message_id, type, value, source) VALUES (?, ?, ?, ?)""",
                    messageRowId, i.type(), i.value(), i.source());
        }
    }

    /** The stored details of one message, for the read side. */
    public static MessageDetails load(Connection connection, long messageRowId) throws SQLException {
        List<Evidence> evidence = Sql.list(connection, """
                SELECT position, parent_position, depth, header_message_id, from_text, to_text, subject, date_text,
                       sent_at, received_chain, body_text
                  FROM evidence WHERE message_id = ? ORDER BY position""", row -> new Evidence(
                row.getInt("position"), row.getInt("parent_position"), row.getInt("depth"),
                row.getString("header_message_id"), row.getString("from_text"), row.getString("to_text"),
                row.getString("subject"), row.getString("date_text"), Sql.instant(row, "sent_at"),
                lines(row.getString("received_chain")), row.getString("body_text")), messageRowId);
        List<AttachmentView> attachments = Sql.list(connection, """
                SELECT evidence_position, filename, declared_type, detected_type, size_bytes, sha256, stored
                  FROM attachments WHERE message_id = ? ORDER BY position""", row -> new AttachmentView(
                row.getInt("evidence_position"), row.getString("filename"), row.getString("declared_type"),
                row.getString("detected_type"), row.getLong("size_bytes"), row.getString("sha256"),
                row.getInt("stored") == 1), messageRowId);
        List<ReportField> fields = Sql.list(connection, """
                SELECT format, name, value FROM report_fields WHERE message_id = ? ORDER BY position""",
                row -> new ReportField(row.getString("format"), row.getString("name"), row.getString("value")),
                messageRowId);
        List<Indicator> indicators = Sql.list(connection, """
                SELECT type, value, source FROM indicators WHERE message_id = ? ORDER BY id""",
                row -> new Indicator(row.getString("type"), row.getString("value"), row.getString("source")),
                messageRowId);
        return new MessageDetails(evidence, attachments, fields, indicators);
    }

    private static List<String> lines(String text) {
        return text == null || text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
    }
}
