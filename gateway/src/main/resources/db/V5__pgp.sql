-- Schema version 5: OpenPGP status of each message, and the reporters' public keys.
-- Every statement is separated by a line holding only ';' so the migrator can split the file safely.

-- What the crypto stage found out about one message (one row per message that went through it).
CREATE TABLE message_crypto (
    message_row_id     INTEGER PRIMARY KEY REFERENCES messages (id),
    encryption         TEXT NOT NULL,         -- none | decrypted | failed
    encryption_detail  TEXT NOT NULL,         -- with which team key, or exactly why not (e.g. no secret key for 0x..)
    signature          TEXT NOT NULL,         -- none | good | bad | unknown-key | expired | revoked
    signer_fingerprint TEXT,                  -- hex, upper case, when the signer's certificate is known
    signer_user_id     TEXT,
    signature_detail   TEXT NOT NULL
)
;
CREATE INDEX message_crypto_encryption ON message_crypto (encryption)
;
CREATE INDEX message_crypto_signature ON message_crypto (signature)
;
CREATE INDEX message_crypto_signer ON message_crypto (signer_fingerprint)
;
-- Reporters' OpenPGP certificates: imported by an operator, or collected from reports (unverified until an analyst
-- marks one trusted). Only trusted keys are encrypted to.
CREATE TABLE pgp_keys (
    fingerprint     TEXT PRIMARY KEY,         -- hex, upper case
    armored         TEXT NOT NULL,            -- the public certificate
    user_ids        TEXT NOT NULL,            -- one per line
    source          TEXT NOT NULL,            -- imported | attached
    seen_from       TEXT,                     -- for attached keys: the sender address of the report that carried it
    trusted         INTEGER NOT NULL DEFAULT 0,
    trusted_by      TEXT,                     -- who marked it trusted
    added_at        TEXT NOT NULL,
    updated_at      TEXT NOT NULL
)
;
-- Addresses in the keys' user IDs, lower case: how a reply finds the reporter's key.
CREATE TABLE pgp_key_addresses (
    address         TEXT NOT NULL,
    fingerprint     TEXT NOT NULL REFERENCES pgp_keys (fingerprint),
    PRIMARY KEY (address, fingerprint)
)
;
-- Key IDs (16 hex digits) of every primary key and subkey: how a signature finds its certificate.
CREATE TABLE pgp_key_ids (
    key_id          TEXT NOT NULL,
    fingerprint     TEXT NOT NULL REFERENCES pgp_keys (fingerprint),
    PRIMARY KEY (key_id, fingerprint)
)
