-- Speed: the archive writes each batch of contents into one pack file (one file created and forced per
-- batch instead of a file, a rename and a forced directory per message, most of the gateway's kernel time). This
-- table says where each content is: its pack, relative to the store's directory ('archive' or 'attachments'), and
-- the bytes it takes there. Contents archived before, one file each under <store>/aa/bb/<sha256>.eml, have no row
-- here and stay where they are. Every statement is separated by a line holding only ';'.

CREATE TABLE archive_locations (
    store      TEXT    NOT NULL,
    sha256     TEXT    NOT NULL,
    pack       TEXT    NOT NULL,
    start_byte INTEGER NOT NULL,
    size_bytes INTEGER NOT NULL,
    PRIMARY KEY (store, sha256)
) WITHOUT ROWID
