-- Import: raw_messages_sha256 led with the channel, so "are these bytes kept already, under any source?"
-- (IntakePipeline.keepUnlessKnown, asked for every imported message) could not use it and read the whole table:
-- 1.4 ms per message with 30,000 kept, growing with the archive, hours for an import of years of mail. Led by
-- the hash, the one index serves that question and the poller's (channel, sha256) lookup alike.
-- Every statement is separated by a line holding only ';'.

DROP INDEX IF EXISTS raw_messages_sha256
;
CREATE INDEX raw_messages_sha256 ON raw_messages (sha256, channel)
