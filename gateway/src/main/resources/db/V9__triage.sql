-- Triage by the team's own definitions (constituency, taxonomy, classification rules) and coordination.
-- Every statement is separated by a line holding only ';'.

-- One row per ticket, written right after the ticket is opened (IntakePipeline -> TriageStep).
CREATE TABLE ticket_triage (
    ticket_id           TEXT PRIMARY KEY REFERENCES tickets (id),
    constituency        TEXT NOT NULL,        -- ours | outside | unknown
    partner             TEXT,                 -- partner team suggested for coordination (constituency = outside)
    partner_reason      TEXT,                 -- e.g. "responsible for 198.51.100.0/24 (2 of 3 indicators)"
    suggested_category  TEXT,                 -- taxonomy class/type, e.g. fraud/phishing; NULL when no rule fired
    category_kind       TEXT NOT NULL,        -- incident | event | unlisted (the team's incident definition)
    priority            TEXT,                 -- critical | high | medium | low; NULL when no rule fired
    rule                TEXT,                 -- name of the classification rule that fired
    rule_explanation    TEXT NOT NULL,        -- why it fired, e.g. "keyword 'phishing', indicator type url"
    feedback_types      TEXT NOT NULL DEFAULT '', -- ARF Feedback-Type values, space separated
    triaged_at          TEXT NOT NULL,
    error               TEXT                  -- why triage could not run (the ticket stands; triage is advisory)
)
;
CREATE INDEX ticket_triage_constituency ON ticket_triage (constituency)
;
-- Each indicator of a ticket and where it belongs.
CREATE TABLE ticket_indicator_scope (
    id                  INTEGER PRIMARY KEY,
    ticket_id           TEXT NOT NULL REFERENCES tickets (id),
    type                TEXT NOT NULL,        -- ipv4 | ipv6 | domain | url | email | asn | ...
    value               TEXT NOT NULL,
    host                TEXT NOT NULL,        -- what decided the scope (address, host of the URL, mail domain)
    scope               TEXT NOT NULL,        -- ours | outside | n/a
    matched             TEXT,                 -- the constituency or partner entry that covers it
    partner             TEXT,                 -- partner responsible when outside
    UNIQUE (ticket_id, type, value)
)
;
CREATE INDEX ticket_indicator_scope_ticket ON ticket_indicator_scope (ticket_id)
;
-- Forwards to partner teams, queued in the outbox (kind 'coordination') by an analyst.
CREATE TABLE ticket_coordination (
    id                  INTEGER PRIMARY KEY,
    ticket_id           TEXT NOT NULL REFERENCES tickets (id),
    partner             TEXT NOT NULL,
    recipient           TEXT NOT NULL,
    message_id          TEXT NOT NULL,        -- Message-ID of the forward (outbox.message_id)
    encrypted           INTEGER NOT NULL,     -- 1 when encrypted to the partner's key; 0 today
    requested_by        TEXT NOT NULL,
    requested_at        TEXT NOT NULL
)
;
CREATE INDEX ticket_coordination_ticket ON ticket_coordination (ticket_id)
