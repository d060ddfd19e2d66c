-- What a report carries besides its own text. All rows belong to one parsed message (messages.id).
-- Forwarded messages (message/rfc822, attached .eml, text/rfc822-headers), read as messages of their own.
CREATE TABLE evidence (
    id              INTEGER PRIMARY KEY,
    message_id      INTEGER NOT NULL REFERENCES messages (id),
    position        INTEGER NOT NULL,         -- 1, 2, ... in the order met, across nesting levels
    parent_position INTEGER NOT NULL,         -- 0 when directly in the report, else the enclosing evidence
    depth           INTEGER NOT NULL,         -- 1 when directly in the report
    header_message_id TEXT,                   -- its Message-ID without <>
    from_text       TEXT,
    to_text         TEXT,
    subject         TEXT,
    date_text       TEXT,                     -- the Date header as written
    sent_at         TEXT,                     -- the Date header, when parseable
    received_chain  TEXT NOT NULL DEFAULT '', -- Received headers, newest first, one per line
    body_text       TEXT NOT NULL,
    UNIQUE (message_id, position)
)
;
-- Attachments of the report (evidence_position 0) or of a forwarded message; content in <data.dir>/attachments.
CREATE TABLE attachments (
    id              INTEGER PRIMARY KEY,
    message_id      INTEGER NOT NULL REFERENCES messages (id),
    evidence_position INTEGER NOT NULL,
    position        INTEGER NOT NULL,
    filename        TEXT NOT NULL,            -- decoded and sanitised; may be empty
    declared_type   TEXT NOT NULL,
    detected_type   TEXT NOT NULL,
    size_bytes      INTEGER NOT NULL,
    sha256          TEXT NOT NULL,            -- of the decoded content; the attachment store's key
    stored          INTEGER NOT NULL,         -- 1 when in the store, 0 when over the intake limit (raw original only)
    UNIQUE (message_id, position)
)
;
CREATE INDEX attachments_sha256 ON attachments (sha256)
;
-- Fields of machine-readable reports: ARF, X-ARF, DSN.
CREATE TABLE report_fields (
    id              INTEGER PRIMARY KEY,
    message_id      INTEGER NOT NULL REFERENCES messages (id),
    position        INTEGER NOT NULL,
    format          TEXT NOT NULL,            -- ARF | X-ARF | DSN
    name            TEXT NOT NULL,
    value           TEXT NOT NULL
)
;
CREATE INDEX report_fields_message ON report_fields (message_id)
;
-- Indicators found in a message, with where they were found.
CREATE TABLE indicators (
    id              INTEGER PRIMARY KEY,
    message_id      INTEGER NOT NULL REFERENCES messages (id),
    type            TEXT NOT NULL,            -- ipv4 | ipv6 | cidr | domain | url | email | md5 | sha1 | sha256 | cve
    value           TEXT NOT NULL,
    source          TEXT NOT NULL,            -- body | evidence N | evidence N headers | attachment NAME | report fields
    UNIQUE (message_id, type, value, source)
)
;
CREATE INDEX indicators_message ON indicators (message_id)
;
CREATE INDEX indicators_value ON indicators (type, value)
