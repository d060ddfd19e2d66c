-- Schema version 6: ticket life (status with who and when, assignee, category, merge, notes, audit log),
-- ticket aliases for legacy tags, and the team's own replies and forwards kept in the outbox with their text.
-- Every statement is separated by a line holding only ';' so the migrator can split the file safely.

-- The surviving ticket of a merge; mail naming this ticket routes there. NULL for a ticket that was not merged.
ALTER TABLE tickets ADD COLUMN merged_into TEXT REFERENCES tickets (id)
;
-- User name of the analyst handling the ticket, or NULL.
ALTER TABLE tickets ADD COLUMN assignee TEXT
;
-- Free text for now (the team profile's taxonomy came later), or NULL.
ALTER TABLE tickets ADD COLUMN category TEXT
;
-- Who set the current status and when; NULL while the ticket is still as the intake created it.
ALTER TABLE tickets ADD COLUMN status_changed_at TEXT
;
ALTER TABLE tickets ADD COLUMN status_changed_by TEXT
;
CREATE INDEX tickets_merged_into ON tickets (merged_into)
;
-- The audit log: every change to a ticket, by whom ('gateway' for the intake itself) and when.
CREATE TABLE ticket_events (
    id          INTEGER PRIMARY KEY,
    ticket_id   TEXT NOT NULL REFERENCES tickets (id),
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    kind        TEXT NOT NULL,             -- status | assignee | category | note | merge | merged-into | reply | forward | acknowledgement
    detail      TEXT NOT NULL
)
;
CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id, id)
;
-- Internal notes of analysts: never sent anywhere.
CREATE TABLE ticket_notes (
    id          INTEGER PRIMARY KEY,
    ticket_id   TEXT NOT NULL REFERENCES tickets (id),
    at          TEXT NOT NULL,
    author      TEXT NOT NULL,
    body        TEXT NOT NULL
)
;
CREATE INDEX ticket_notes_ticket ON ticket_notes (ticket_id, id)
;
-- Other names of a ticket, e.g. 'rt:1234' for a ticket imported from RT, so that legacy subject tags still route.
CREATE TABLE ticket_aliases (
    alias       TEXT PRIMARY KEY,          -- '<legacy system name>:<its ticket id>'
    ticket_id   TEXT NOT NULL REFERENCES tickets (id),
    created_at  TEXT NOT NULL
)
;
-- The team's own mail (replies, forwards) is shown in the thread: keep its text, subject and author with it.
ALTER TABLE outbox ADD COLUMN subject TEXT
;
ALTER TABLE outbox ADD COLUMN body_text TEXT
;
ALTER TABLE outbox ADD COLUMN author TEXT
;
-- Threading looks up our outgoing Message-IDs; rate limits count recent acknowledgements per recipient.
CREATE INDEX outbox_message_id ON outbox (message_id)
;
CREATE INDEX outbox_kind_created ON outbox (kind, created_at)
