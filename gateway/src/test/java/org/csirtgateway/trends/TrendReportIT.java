package org.csirtgateway.trends;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.regex.Pattern;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.csirtgateway.Gateway;
import org.csirtgateway.store.Sql;
import org.csirtgateway.testing.RunningGateway;
import org.csirtgateway.testing.Eventually;
import org.csirtgateway.testing.ExampleProfile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The trend report over tickets made by the real pipeline (GreenMail, IMAP, SQLite, triage, acknowledgements). */
class TrendReportIT {

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));

    @RegisterExtension
    final RunningGateway running = new RunningGateway(MAIL);

    @TempDir
    Path dataDir;
    private Gateway gateway;

    @BeforeEach
    void startGateway() {
        gateway = running.start(dataDir, Map.of("profile.file", ExampleProfile.path().toString()));
    }

    @Test
    void theTrendReportRendersAChartFromRealTickets() {
        running.report("user@example.ac.jp", "Phishing mail to staff", "Fake login at hxxps://x[.]evil.example",
                "t1@ex", Map.of());
        running.report("soc@bank.example", "Another phishing site", "Phishing page on 203.0.113.9",
                "t2@ex", Map.of());
        running.report("soc@bank.example", "Brute force", "Brute force from 198.51.100.200", "t3@ex",
                Map.of());
        running.report("noc@isp.example", "Port scan", "Port scan from 192.0.2.7", "t4@ex", Map.of());
        Eventually.await("four tickets triaged and acknowledged", Duration.ofSeconds(30), () ->
                gateway.database().read(c -> Sql.count(c, """
                        SELECT COUNT(*) FROM tickets t JOIN ticket_triage tr ON tr.ticket_id = t.id
                         WHERE EXISTS (SELECT 1 FROM outbox o WHERE o.ticket_id = t.id AND o.state = 'sent')"""))
                        == 4 ? Boolean.TRUE : null);

        // An analyst triages two of them: time to triage is measured to the first status change.
        for (String ticket : gateway.database().read(c -> Sql.list(c, "SELECT id FROM tickets ORDER BY id LIMIT 2",
                row -> row.getString(1)))) {
            gateway.ticketCommands().changeStatus(ticket, "triaged", "alice");
        }

        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        TrendReport report = new TrendReport(gateway.database(), gateway.definitions().triage().taxonomy());
        TrendFigures figures = report.compute(today.minusDays(13), today);

        assertThat(figures.totalTickets()).isEqualTo(4);
        assertThat(figures.categories()).first().isEqualTo("fraud/phishing");
        assertThat(figures.categories()).contains("intrusion-attempts/brute-force", "information-gathering/scanner");
        assertThat(figures.byConstituency()).containsEntry("ours", 1L).containsEntry("outside", 3L);
        assertThat(figures.topReporters().get(0)).isEqualTo(new TrendFigures.Reporter("soc@bank.example", 2));
        assertThat(figures.acknowledgedTickets()).isEqualTo(4);
        assertThat(figures.medianAcknowledge()).isNotNull().isPositive().isLessThan(Duration.ofMinutes(1));
        assertThat(figures.triagedTickets()).isEqualTo(2);
        assertThat(figures.medianTriage()).isNotNull().isPositive().isLessThan(Duration.ofMinutes(1));
        assertThat(figures.weeks()).hasSizeBetween(2, 3);
        assertThat(figures.weeks().get(figures.weeks().size() - 1).total()).isEqualTo(4);

        String html = TrendHtml.render(figures, "Example CSIRT");
        assertThat(html).contains("<svg").contains("</svg>")
                .doesNotContain("<script")
                .contains("Fraud / Phishing").contains("soc@bank.example").contains("Median time to acknowledge");
        assertThat(Pattern.compile("<rect class=\"bar\"").matcher(html).results().count()).isEqualTo(3);
        assertThat(html).contains("<title>" + figures.weeks().get(figures.weeks().size() - 1).isoWeek()
                + ": Fraud / Phishing 2</title>");

        String csv = TrendCsv.render(figures);
        assertThat(csv).startsWith("section,week,key,label,count\r\n")
                .contains("week," + figures.weeks().get(figures.weeks().size() - 1).isoWeek()
                        + ",fraud/phishing,Fraud / Phishing,2\r\n")
                .contains("reporter,,soc@bank.example,soc@bank.example,2\r\n")
                .contains("median,,acknowledge_seconds,");
    }
}
