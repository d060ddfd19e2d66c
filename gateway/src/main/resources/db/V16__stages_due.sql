-- What is still to be derived from each message on a ticket. The stages up to placing a message on its ticket are
-- durable in raw_messages.state; the ones after it (its search index entry, its comparison with earlier reports for
-- near-duplicate proposals, and the triage of the ticket it opened) are not in the same transaction, so each is
-- recorded here as due when the message is placed, in the placing transaction, and the row is deleted once the
-- stage's result is durable (the index committed, the proposals or triage saved). Whatever a crash, a lost index or an
-- interrupted import left undone is found here and finished, in message order. Every statement is separated by a
-- line holding only ';'.

CREATE TABLE stages_due (
    message_id INTEGER NOT NULL REFERENCES messages (id),
    stage      TEXT    NOT NULL,    -- index | compare | triage
    PRIMARY KEY (message_id, stage)
)
;
-- Whether a kept message may be acknowledged: 'policy' (as the acknowledgement policy decides: fresh mail) or
-- 'never' (imported history, answered back then). Kept with the message so that an import finished by a later run,
-- or by the gateway, still never acknowledges it.
ALTER TABLE raw_messages ADD COLUMN ack_mode TEXT NOT NULL DEFAULT 'policy'
;
UPDATE raw_messages SET ack_mode = 'never' WHERE source LIKE 'import:%'
;
-- Tickets opened before triage ran on every path (imported history) are triaged and compared now.
INSERT INTO stages_due (message_id, stage)
SELECT m.id, 'triage' FROM messages m
 WHERE m.role = 'report'
   AND m.id = (SELECT MIN(first.id) FROM messages first WHERE first.ticket_id = m.ticket_id)
   AND NOT EXISTS (SELECT 1 FROM ticket_triage t WHERE t.ticket_id = m.ticket_id)
;
INSERT INTO stages_due (message_id, stage)
SELECT s.message_id, 'compare' FROM stages_due s WHERE s.stage = 'triage'
