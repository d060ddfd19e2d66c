-- The admin UI in English or Japanese, chosen per user.
-- Every statement is separated by a line holding only ';' so the migrator can split the file safely.

-- The UI language the user chose in the header (en | ja); NULL until they choose, when the browser's
-- Accept-Language decides.
ALTER TABLE users ADD COLUMN language TEXT
