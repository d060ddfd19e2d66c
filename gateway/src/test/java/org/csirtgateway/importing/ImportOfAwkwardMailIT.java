package org.csirtgateway.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.csirtgateway.GatewayCore;
import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;
import org.csirtgateway.testing.DataDirectories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mail that used to be refused or quarantined is ticketed through the gateway's own pipeline: files saved under
 * numbered names, a report with a recipient list of some 200 KB, a part whose text follows its header directly.
 */
class ImportOfAwkwardMailIT {

    @TempDir
    Path dataDir;
    @TempDir
    Path backup;

    @Test
    void numberedFilesAreImportedAndAHugeRecipientListOrAMissingBlankLineStillGivesATicketWithItsText()
            throws Exception {
        String recipients = IntStream.range(0, 6_000).mapToObj(i -> "user" + i + "@victims.example")
                .collect(Collectors.joining(",\r\n "));
        Files.writeString(backup.resolve("1"), """
                From: reporter@isp.example\r
                To: %s\r
                Subject: Phishing campaign against your customers\r
                Message-ID: <huge-to@isp.example>\r
                \r
                The phishing page is at http://login-secure.example/verify.\r
                """.formatted(recipients));
        Files.writeString(backup.resolve("12345."), """
                From: other@isp.example\r
                Subject: Scanning from 192.0.2.44\r
                Message-ID: <no-blank-line@isp.example>\r
                Content-Type: multipart/mixed; boundary=b\r
                \r
                --b\r
                Content-Type: text/plain\r
                Hello, this is the report: 192.0.2.44 scans our network.\r
                --b--\r
                """);
        Files.writeString(backup.resolve("notes"), "Remember to rotate the team key.\n");

        ImportPlan plan = ImportPlan.of(List.of(backup));
        assertThat(plan.skipped()).singleElement().satisfies(skipped -> {
            assertThat(skipped.path().getFileName().toString()).isEqualTo("notes");
            assertThat(skipped.reason()).isEqualTo(ImportPlan.NOT_MAIL);
        });

        try (GatewayCore intake = DataDirectories.open(dataDir)) {
            ImportSummary summary = new MailImporter(intake.pipeline(), intake.database(), "import")
                    .run(plan, ImportProgress.NONE);
            assertThat(summary.quarantined()).isEmpty();
            assertThat(summary.imported()).isEqualTo(2);

            Database database = intake.database();
            List<String> rows = database.read(connection -> Sql.list(connection, """
                    SELECT m.subject || ' | ' || m.body_text || ' | ' || m.parse_warnings
                      FROM messages m JOIN tickets t ON t.id = m.ticket_id ORDER BY m.subject""",
                    row -> row.getString(1)));
            assertThat(rows).containsExactly(
                    "Phishing campaign against your customers | The phishing page is at "
                            + "http://login-secure.example/verify. | Header field 'To' is longer than 65536 bytes; "
                            + "cut to 65536 bytes",
                    "Scanning from 192.0.2.44 | Hello, this is the report: 192.0.2.44 scans our network. | ");
        }
    }
}
