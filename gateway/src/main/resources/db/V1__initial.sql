-- Schema version 1: the walking skeleton.
-- Every statement is separated by a line holding only ';' so the migrator can split the file safely.

-- Every message taken from a mailbox, recorded (with its archived bytes) before anything else happens to it.
CREATE TABLE raw_messages (
    id            INTEGER PRIMARY KEY,
    sha256        TEXT    NOT NULL,           -- archive key: archive/<aa>/<bb>/<sha256>.eml
    size_bytes    INTEGER NOT NULL,
    channel       TEXT    NOT NULL,           -- named mailbox, e.g. 'csirt'
    source        TEXT    NOT NULL,           -- where it came from, e.g. 'imap:INBOX:<uidvalidity>:<uid>'
    fetched_at    TEXT    NOT NULL,           -- ISO-8601 instant
    state         TEXT    NOT NULL,           -- pending | processed | quarantined
    failure       TEXT,                       -- readable reason when quarantined
    UNIQUE (channel, source)
)
;
CREATE INDEX raw_messages_state ON raw_messages (state)
;
-- Per-year counters behind ticket IDs such as CSIRT#2026-000123.
CREATE TABLE ticket_sequences (
    year          INTEGER PRIMARY KEY,
    last_number   INTEGER NOT NULL
)
;
CREATE TABLE tickets (
    id              TEXT PRIMARY KEY,         -- e.g. CSIRT#2026-000123
    subject         TEXT NOT NULL,
    reporter        TEXT NOT NULL,            -- address of the first reporter
    channel         TEXT NOT NULL,
    status          TEXT NOT NULL,            -- new | triaged | incident | not-incident | duplicate | resolved
    received_at     TEXT NOT NULL,
    updated_at      TEXT NOT NULL
)
;
CREATE INDEX tickets_received ON tickets (received_at)
;
-- Parsed messages, each on one ticket.
CREATE TABLE messages (
    id              INTEGER PRIMARY KEY,
    raw_id          INTEGER NOT NULL REFERENCES raw_messages (id),
    ticket_id       TEXT    NOT NULL REFERENCES tickets (id),
    role            TEXT    NOT NULL,         -- report | follow-up | duplicate
    message_id      TEXT,                     -- Message-ID header without <>
    in_reply_to     TEXT,
    refs            TEXT,                     -- References, space separated, without <>
    from_address    TEXT,
    from_name       TEXT,
    subject         TEXT NOT NULL,
    sent_at         TEXT,                     -- Date header, when parseable
    received_at     TEXT NOT NULL,
    body_text       TEXT NOT NULL,
    parse_warnings  TEXT NOT NULL DEFAULT ''  -- one warning per line
)
;
CREATE INDEX messages_message_id ON messages (message_id)
;
CREATE INDEX messages_ticket ON messages (ticket_id)
;
-- Transactional outbox: acknowledgements are written with their ticket and delivered by the outbox sender.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    ticket_id       TEXT    NOT NULL REFERENCES tickets (id),
    kind            TEXT    NOT NULL,         -- acknowledgement
    recipient       TEXT    NOT NULL,
    message_id      TEXT    NOT NULL,
    mime            BLOB    NOT NULL,         -- the complete RFC 5322 message to send
    state           TEXT    NOT NULL,         -- pending | sent | failed
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT    NOT NULL,
    last_error      TEXT,
    created_at      TEXT    NOT NULL,
    sent_at         TEXT
)
;
CREATE INDEX outbox_pending ON outbox (state, next_attempt_at)
;
-- Why a ticket was not acknowledged (robot, list, loop, ...), or NULL when an acknowledgement was queued.
CREATE TABLE acknowledgement_decisions (
    ticket_id       TEXT PRIMARY KEY REFERENCES tickets (id),
    decision        TEXT NOT NULL,            -- queued | suppressed
    reason          TEXT NOT NULL,
    decided_at      TEXT NOT NULL
)
;
-- IMAP position per channel and folder.
CREATE TABLE mailbox_state (
    channel         TEXT NOT NULL,
    folder          TEXT NOT NULL,
    uid_validity    INTEGER NOT NULL,
    last_uid        INTEGER NOT NULL,
    PRIMARY KEY (channel, folder)
)
;
-- Analysts and operators of the admin UI.
CREATE TABLE users (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE,
    password_hash   TEXT NOT NULL,            -- Argon2id, encoded with its parameters and salt
    role            TEXT NOT NULL,            -- admin | analyst | read-only
    created_at      TEXT NOT NULL
)
;
CREATE TABLE api_tokens (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users (id),
    token_sha256    TEXT NOT NULL UNIQUE,     -- only the hash is stored
    label           TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    last_used_at    TEXT
)
;
CREATE TABLE sessions (
    token_sha256    TEXT PRIMARY KEY,         -- only the hash of the cookie value is stored
    user_id         INTEGER NOT NULL REFERENCES users (id),
    csrf_token      TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    expires_at      TEXT NOT NULL
)
