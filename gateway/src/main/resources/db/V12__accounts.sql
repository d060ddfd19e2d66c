-- User administration in the admin UI (disable, last sign-in) and the audit log of sign-ins and account
-- changes. Every statement is separated by a line holding only ';'.

-- When the account was disabled (NULL: active). A disabled user cannot sign in, and its sessions and API tokens
-- stop working at once (Sessions and UserAccounts check this column on every request).
ALTER TABLE users ADD COLUMN disabled_at TEXT
;
ALTER TABLE users ADD COLUMN last_sign_in_at TEXT
;
-- Who did what to which account, and every sign-in attempt. Never holds a password or token.
CREATE TABLE account_audit (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,        -- user name; the attempted name for a failed sign-in; "command line (os user)"
    action      TEXT NOT NULL,        -- sign-in | sign-in-failed | sign-out | user-added | role-changed | ...
    subject     TEXT,                 -- the account acted on, or the refused route; NULL when none
    address     TEXT,                 -- the client's IP address; NULL on the command line
    detail      TEXT NOT NULL DEFAULT ''
)
;
CREATE INDEX account_audit_at ON account_audit (at)
;
