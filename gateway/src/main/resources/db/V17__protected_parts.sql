-- Which spans of a message's shown text were protected by OpenPGP, and how: a message can be only partly encrypted or
-- signed (clear text before or after an inline block, a wrapper around a protected part), and the text outside the
-- spans travelled in clear. Reasons are stored as data (JSON: a code and its parameters), rendered in the analyst's
-- language. Every statement is separated by a line holding only ';'.

CREATE TABLE message_protected_parts (
    message_row_id     INTEGER NOT NULL REFERENCES messages (id),
    position           INTEGER NOT NULL,      -- 0, 1, ... in the order of the text
    span_start         INTEGER NOT NULL,      -- offsets into messages.body_text: [span_start, span_end)
    span_end           INTEGER NOT NULL,
    encryption         TEXT NOT NULL,         -- none | decrypted
    encryption_detail  TEXT NOT NULL,         -- a reason as data (JSON), '' for none
    signature          TEXT NOT NULL,         -- none | good | bad | unknown-key | expired | revoked
    signer_fingerprint TEXT,
    signer_user_id     TEXT,
    signature_detail   TEXT NOT NULL,         -- a reason as data (JSON), '' for none
    PRIMARY KEY (message_row_id, position)
)
;
-- Findings about the message as a whole, beside its badges (JSON array of reasons as data): partially encrypted or
-- signed, ambiguous sender, signer not the sender, protected headers differing from the outer ones, a signature made
-- long before or after the mail's Date.
ALTER TABLE message_crypto ADD COLUMN notes TEXT NOT NULL DEFAULT '[]'
