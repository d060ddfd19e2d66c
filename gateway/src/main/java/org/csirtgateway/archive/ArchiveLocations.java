package org.csirtgateway.archive;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;

/**
 * Which pack holds each content of one store ({@code archive} or {@code attachments}), in the gateway's database
 * (table {@code archive_locations}): the database is what a backup copies consistently, so a copy of it names
 * exactly the packs to copy with it.
 */
final class ArchiveLocations {

    private final Database database;
    private final String store;

    ArchiveLocations(Database database, String store) {
        this.database = database;
        this.store = store;
    }

    /**
     * Records where a pack's contents are and then runs {@code then}, in one transaction. Contents with the same bytes
     * as one recorded before keep the first location; their second copy in the pack is not referenced.
     */
    <T> T record(List<PackedContent> contents, Database.Work<T> then) {
        return database.inTransaction(connection -> {
            for (PackedContent content : contents) {
                Sql.update(connection, """
                                INSERT OR IGNORE INTO archive_locations (store, sha256, pack, start_byte, size_bytes)
                                VALUES (?, ?, ?, ?, ?)""",
                        store, content.sha256(), content.pack(), content.startByte(), content.sizeBytes());
            }
            return then.run(connection);
        });
    }

    /** Every content of the store that lies in a pack, by SHA-256. */
    Map<String, PackedContent> all() {
        Map<String, PackedContent> all = new HashMap<>();
        for (PackedContent content : database.read(connection -> Sql.list(connection,
                "SELECT sha256, pack, start_byte, size_bytes FROM archive_locations WHERE store = ?",
                row -> new PackedContent(row.getString(1), row.getString(2), row.getLong(3), row.getLong(4)),
                store))) {
            all.put(content.sha256(), content);
        }
        return all;
    }

    Optional<PackedContent> find(String sha256) {
        return database.read(connection -> Sql.one(connection, """
                        SELECT pack, start_byte, size_bytes FROM archive_locations WHERE store = ? AND sha256 = ?""",
                row -> new PackedContent(sha256, row.getString(1), row.getLong(2), row.getLong(3)), store, sha256));
    }
}
