-- Duplicate detection and similar tickets.
-- Every statement is separated by a line holding only ';' so the migrator can split the file safely.

-- The normalised-body key of a message (SHA-256 of its text without greeting, quoting, signature, case and spacing);
-- a new report with the key of an earlier one is an exact duplicate of that one's ticket. NULL keys (texts too short
-- to be telling) are not stored.
CREATE TABLE message_fingerprints (
    message_row_id  INTEGER PRIMARY KEY REFERENCES messages (id),
    body_key        TEXT NOT NULL
)
;
CREATE INDEX message_fingerprints_body_key ON message_fingerprints (body_key)
;
-- Near-duplicates proposed by the similarity check: "possible duplicate of #X (score)".
CREATE TABLE similar_tickets (
    ticket_id          TEXT    NOT NULL REFERENCES tickets (id),   -- the newer ticket
    similar_to         TEXT    NOT NULL REFERENCES tickets (id),   -- the earlier ticket it resembles
    score              REAL    NOT NULL,                           -- combined score 0..1
    text_similarity    REAL    NOT NULL,                           -- MinHash estimate 0..1
    indicator_overlap  REAL    NOT NULL,                           -- 0..1, -1 when either had no indicators
    state              TEXT    NOT NULL,                           -- proposed | confirmed | dismissed
    proposed_at        TEXT    NOT NULL,
    decided_at         TEXT,
    decided_by         TEXT,
    PRIMARY KEY (ticket_id, similar_to)
)
;
CREATE INDEX similar_tickets_similar_to ON similar_tickets (similar_to)
;
-- A ticket an analyst marked as a duplicate of another (its status becomes 'duplicate').
CREATE TABLE ticket_duplicates (
    ticket_id       TEXT PRIMARY KEY REFERENCES tickets (id),
    duplicate_of    TEXT NOT NULL REFERENCES tickets (id),
    marked_at       TEXT NOT NULL,
    marked_by       TEXT NOT NULL
)
