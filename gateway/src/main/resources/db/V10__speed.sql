-- Speed: the acknowledgement rate limits (AcknowledgementRateLimit) count the acknowledgements sent to one
-- address and to one domain in the last hour, inside every intake transaction that opens a ticket. With only
-- outbox_kind_created they read every acknowledgement of the hour, so intake slowed down as the outbox grew. These
-- partial indexes on the very expressions the two queries use make each count a short index range.
-- Every statement is separated by a line holding only ';'.

CREATE INDEX outbox_ack_recipient ON outbox (lower(recipient), created_at) WHERE kind = 'acknowledgement'
;
CREATE INDEX outbox_ack_domain ON outbox (lower(substr(recipient, instr(recipient, '@') + 1)), created_at)
    WHERE kind = 'acknowledgement'
