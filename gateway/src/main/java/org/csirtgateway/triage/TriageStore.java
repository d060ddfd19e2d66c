package org.csirtgateway.triage;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.csirtgateway.profile.TeamProfile;
import org.csirtgateway.store.Sql;

/** Writes and reads the triage tables (V9): ticket_triage, ticket_indicator_scope, ticket_coordination. */
public final class TriageStore {

    private final TeamProfile profile;
    private final Taxonomy taxonomy;

    public TriageStore(TeamProfile profile, Taxonomy taxonomy) {
        this.profile = profile;
        this.taxonomy = taxonomy;
    }

    /** Records a triage result (replacing an earlier one of the same ticket). */
    public void save(Connection connection, String ticketId, TriageResult result, List<String> feedbackTypes,
                     Instant now) throws SQLException {
        Classification c = result.classification();
        Sql.update(connection, """
                INSERT INTO ticket_triage (ticket_id, constituency, partner, partner_reason, suggested_category,
                                           category_kind, priority, rule, rule_explanation, feedback_types, triaged_at,
                                           error)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)
                ON CONFLICT (ticket_id) DO UPDATE SET constituency = excluded.constituency,
                    partner = excluded.partner, partner_reason = excluded.partner_reason,
                    suggested_category = excluded.suggested_category, category_kind = excluded.category_kind,
                    priority = excluded.priority, rule = excluded.rule, rule_explanation = excluded.rule_explanation,
                    feedback_types = excluded.feedback_types, triaged_at = excluded.triaged_at, error = NULL""",
                ticketId, result.constituency(), result.partner(), result.partnerReason(), c.category(), c.kind(),
                c.priority() == null ? null : c.priority().label(), c.rule(), c.explanation(),
                String.join(" ", feedbackTypes), now);
        Sql.update(connection, "DELETE FROM ticket_indicator_scope WHERE ticket_id = ?", ticketId);
        for (ScopedIndicator s : result.indicators()) {
            Sql.update(connection, """
                    INSERT INTO ticket_indicator_scope (ticket_id, type, value, host, scope, matched, partner)
                    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (ticket_id, type, value) DO NOTHING""",
                    ticketId, s.indicator().type(), bounded(s.indicator().value()), bounded(s.indicator().host()),
                    s.scope(), s.matched(), s.partner());
        }
    }

    /** Records that triage could not run, so the ticket shows it instead of silently having no triage. */
    public void saveFailure(Connection connection, String ticketId, String reason, Instant now) throws SQLException {
        Sql.update(connection, """
                INSERT INTO ticket_triage (ticket_id, constituency, category_kind, rule_explanation, triaged_at, error)
                VALUES (?, 'unknown', 'unlisted', 'triage failed', ?, ?)
                ON CONFLICT (ticket_id) DO UPDATE SET error = excluded.error, triaged_at = excluded.triaged_at""",
                ticketId, now, bounded(reason));
    }

    public void recordForward(Connection connection, String ticketId, TeamProfile.Partner partner, String messageId,
                              boolean encrypted, String requestedBy, Instant now) throws SQLException {
        Sql.update(connection, """
                INSERT INTO ticket_coordination (ticket_id, partner, recipient, message_id, encrypted, requested_by,
                                                 requested_at) VALUES (?, ?, ?, ?, ?, ?, ?)""",
                ticketId, partner.name(), partner.address(), messageId, encrypted ? 1 : 0, requestedBy, now);
    }

    public Optional<TriageView> find(Connection connection, String ticketId) throws SQLException {
        List<TriageView.IndicatorScope> indicators = Sql.list(connection, """
                SELECT type, value, scope, matched, partner FROM ticket_indicator_scope
                 WHERE ticket_id = ? ORDER BY id""", row -> new TriageView.IndicatorScope(row.getString("type"),
                row.getString("value"), row.getString("scope"), row.getString("matched"), row.getString("partner")),
                ticketId);
        List<TriageView.Forward> forwards = Sql.list(connection, """
                SELECT c.partner, c.recipient, c.message_id, c.encrypted, c.requested_by, c.requested_at, o.state,
                       o.sent_at
                  FROM ticket_coordination c
                  LEFT JOIN outbox o ON o.ticket_id = c.ticket_id AND o.message_id = c.message_id
                 WHERE c.ticket_id = ? ORDER BY c.id""", row -> new TriageView.Forward(row.getString("partner"),
                row.getString("recipient"), row.getString("message_id"), row.getInt("encrypted") == 1,
                row.getString("requested_by"), Sql.instant(row, "requested_at"), row.getString("state"),
                Sql.instant(row, "sent_at")), ticketId);
        return Sql.one(connection, "SELECT * FROM ticket_triage WHERE ticket_id = ?", row -> {
            String category = row.getString("suggested_category");
            var resolved = taxonomy.category(category);
            String partner = row.getString("partner");
            var partnerConfig = partner == null ? Optional.<TeamProfile.Partner>empty() : profile.partner(partner);
            String feedback = row.getString("feedback_types");
            return new TriageView(row.getString("constituency"), partner, row.getString("partner_reason"),
                    partnerConfig.map(TeamProfile.Partner::address).orElse(null),
                    partnerConfig.map(p -> p.publicKey() != null).orElse(false),
                    category, resolved.map(c -> c.label("en")).orElse(category),
                    resolved.map(c -> c.label("ja")).orElse(category), row.getString("category_kind"),
                    row.getString("priority"), row.getString("rule"), row.getString("rule_explanation"),
                    feedback == null || feedback.isBlank() ? List.of() : Arrays.asList(feedback.split(" ")),
                    Sql.instant(row, "triaged_at"), row.getString("error"), indicators, forwards);
        }, ticketId);
    }

    private static String bounded(String text) {
        return text == null || text.length() <= 2000 ? text : text.substring(0, 2000);
    }
}
