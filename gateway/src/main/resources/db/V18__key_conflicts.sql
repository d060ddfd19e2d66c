-- The order in which reporters' keys were marked trusted. When two trusted keys claim one address,
-- a reply to it is encrypted to the one trusted most recently (the analyst's latest decision), never to either at
-- random. Every statement is separated by a line holding only ';'.

-- 1, 2, 3, ... in the order keys were marked trusted; null while a key is not trusted.
ALTER TABLE pgp_keys ADD COLUMN trust_sequence INTEGER
;
-- Keys trusted before this version: in the order they were last changed, the fingerprint deciding a tie.
UPDATE pgp_keys SET trust_sequence = (
    SELECT COUNT(*) FROM pgp_keys p
     WHERE p.trusted = 1
       AND (p.updated_at < pgp_keys.updated_at
            OR (p.updated_at = pgp_keys.updated_at AND p.fingerprint <= pgp_keys.fingerprint)))
 WHERE trusted = 1
