-- Issue 3 (speed): two indexes that only repeated the first column of another. Every query on raw_messages.state
-- or outbox.state (health, metrics, the intake and the outbox sender) uses raw_messages_due (state,
-- next_attempt_at) and outbox_pending (state, next_attempt_at) as well, but every insert and every change of state
-- also wrote the two copies: on the intake path, three entries per message and five per acknowledgement.
-- Every statement is separated by a line holding only ';'.

DROP INDEX IF EXISTS raw_messages_state
;
DROP INDEX IF EXISTS outbox_state
