-- Schema version 2: reliable intake.
-- Every statement is separated by a line holding only ';' so the migrator can split the file safely.

-- Processing attempts of a kept message: a stage that fails is retried with backoff, and after
-- intake.maxAttempts failures the message is quarantined with a readable reason (raw_messages.failure).
ALTER TABLE raw_messages ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0
;
-- When a pending message is next due for processing; NULL means now.
ALTER TABLE raw_messages ADD COLUMN next_attempt_at TEXT
;
ALTER TABLE raw_messages ADD COLUMN quarantined_at TEXT
;
-- Re-fetching the same bytes (e.g. after a UIDVALIDITY change) must create nothing new: look up by archive key.
CREATE INDEX raw_messages_sha256 ON raw_messages (channel, sha256)
;
CREATE INDEX raw_messages_due ON raw_messages (state, next_attempt_at)
;
-- The outbox gains two states: 'sending' (handed to the SMTP server, outcome not yet recorded) and 'uncertain'
-- (the gateway stopped while in 'sending'; never resent automatically, so no reporter gets an acknowledgement twice).
CREATE INDEX outbox_state ON outbox (state)
;
-- Messages placed on a ticket but not yet in a committed search index. Written in the ticket's transaction and
-- removed after the index commit, so the index can be committed once per batch and still never miss a message
-- after a crash: whatever is left here is indexed at the next start.
CREATE TABLE index_backlog (
    message_id      INTEGER PRIMARY KEY REFERENCES messages (id)
)
