package org.csirtgateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;

import org.csirtgateway.index.ReportIndex;
import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code csirt-gateway reindex} rebuilds the search index from the database, showing its progress. */
class ReindexCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void reindexRebuildsTheIndexFromTheDatabaseWithAProgressBar() throws Exception {
        Database database = Database.open(dir.resolve("gateway.db"));
        database.inTransaction(connection -> {
            for (int i = 1; i <= 3; i++) {
                Instant at = Instant.parse("2026-03-0" + i + "T10:00:00Z");
                long raw = Sql.insert(connection, """
                        INSERT INTO raw_messages (sha256, size_bytes, channel, source, fetched_at, state)
                        VALUES (?, 1, 'csirt', ?, ?, 'processed')""", "%064x".formatted(i), "s" + i, at);
                Sql.update(connection, """
                        INSERT INTO tickets (id, subject, reporter, channel, status, received_at, updated_at)
                        VALUES (?, 'Report', 'r@example.org', 'csirt', 'new', ?, ?)""", "T-" + i, at, at);
                long message = Sql.insert(connection, """
                        INSERT INTO messages (raw_id, ticket_id, role, subject, received_at, body_text)
                        VALUES (?, ?, 'report', 'Report', ?, ?)""", raw, "T-" + i, at,
                        "The capybarabot controller is at 192.0.2." + i);
                // The indicator the parser stored for it: the rebuild reads stored indicators.
                Sql.update(connection, "INSERT INTO indicators (message_id, type, value, source) "
                        + "VALUES (?, 'ipv4', ?, 'body')", message, "192.0.2." + i);
            }
            return null;
        });

        int exit = run("reindex", "--data", dir.toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(err.toString()).contains("3/3").contains("100%");
        assertThat(out.toString()).contains("Search index rebuilt: 3 messages");
        try (ReportIndex index = ReportIndex.open(dir.resolve("index"))) {
            assertThat(index.search("capybarabot", 10, 0).totalTickets()).isEqualTo(3);
            assertThat(index.search("ip:192.0.2.2", 10, 0).hits()).singleElement()
                    .satisfies(hit -> assertThat(hit.ticketId()).isEqualTo("T-2"));
        }
        long keys = database.read(connection -> Sql.count(connection, "SELECT COUNT(*) FROM message_fingerprints"));
        assertThat(keys).as("normalised-body keys of reports kept before duplicate detection").isEqualTo(3);
    }

    @Test
    void reindexWithoutADataDirectoryNamesTheOptions() {
        int exit = run("reindex");

        assertThat(exit).isNotZero();
        assertThat(err.toString()).contains("--config FILE or --data DIR");
    }

    private int run(String... args) {
        CommandLine commandLine = CsirtGatewayCli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }
}
