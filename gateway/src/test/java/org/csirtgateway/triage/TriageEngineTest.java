package org.csirtgateway.triage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.csirtgateway.ack.TeamIdentity;
import org.csirtgateway.parse.ParsedReport;
import org.csirtgateway.profile.ProfileFile;
import org.csirtgateway.profile.TeamProfile;
import org.csirtgateway.profile.TeamProfileLoader;
import org.csirtgateway.testing.ExampleProfile;
import org.junit.jupiter.api.Test;

/** Triage with the project's example profile (config/team-profile.yml). */
class TriageEngineTest {

    private static final ProfileFile FILE = ProfileFile.read(ExampleProfile.path());
    private static final TeamProfile PROFILE = new TeamProfileLoader(new TeamIdentity("x", "x@example.org"))
            .load(FILE);
    private final TriageEngine engine = new TriageEngine(PROFILE, TriageSettings.read(FILE), new ExtractedIndicatorSource());

    /** A report read by the real parser, so its indicators are the ones production triage sees. */
    static ParsedReport report(String from, String subject, String body) {
        return org.csirtgateway.testing.RawMail.from(from).subject(subject).body(body + "\r\n").parse();
    }

    @Test
    void anAddressInsideAConfiguredNetworkMarksTheReportAsOurs() {
        TriageResult result = engine.triage(report("noc@isp.example", "Scanning from your network",
                "We saw port scans from 192.0.2.45 against our hosts."), List.of());
        assertThat(result.constituency()).isEqualTo("ours");
        assertThat(result.coordinationSuggested()).isFalse();
        assertThat(result.indicators()).singleElement().satisfies(i -> {
            assertThat(i.indicator().value()).isEqualTo("192.0.2.45");
            assertThat(i.scope()).isEqualTo("ours");
            assertThat(i.matched()).isEqualTo("192.0.2.0/24");
        });
    }

    @Test
    void aReportWhoseIndicatorsAreAllOutsideIsFlaggedForTheResponsiblePartner() {
        TriageResult result = engine.triage(report("noc@elsewhere.example", "Brute force",
                "SSH brute force from 203.0.113.7 and 203.0.113.9, see also hxxp://mail[.]isp[.]example/x"),
                List.of());
        assertThat(result.constituency()).isEqualTo("outside");
        assertThat(result.coordinationSuggested()).isTrue();
        assertThat(result.partner()).isEqualTo("Example ISP Abuse Team");
        assertThat(result.partnerReason()).contains("203.0.113.0/24").contains("3 of 3");
        assertThat(result.indicators()).extracting(ScopedIndicator::scope).containsOnly("outside");
    }

    @Test
    void theMostCoveringPartnerIsSuggested() {
        TriageResult result = engine.triage(report("a@b.example", "Report",
                "Hosts 198.51.100.200, www.partner-univ.example and 203.0.113.1 are involved."), List.of());
        assertThat(result.partner()).isEqualTo("Partner NREN CERT");
    }

    @Test
    void oneIndicatorOfOursIsEnoughToKeepTheReport() {
        TriageResult result = engine.triage(report("a@b.example", "Report",
                "Attack from 203.0.113.1 against https://portal.example.ac.jp/login"), List.of());
        assertThat(result.constituency()).isEqualTo("ours");
        assertThat(result.partner()).isNull();
    }

    @Test
    void anOutsideIndicatorNoPartnerCoversIsFlaggedWithoutAPartner() {
        TriageResult result = engine.triage(report("a@b.example", "Report", "Scans from 100.64.1.1"), List.of());
        assertThat(result.constituency()).isEqualTo("outside");
        assertThat(result.partner()).isNull();
        assertThat(result.partnerReason()).contains("no partner team");
    }

    @Test
    void aReportWithoutIndicatorsHasUnknownConstituency() {
        TriageResult result = engine.triage(report("a@b.example", "Question", "How do I report an incident?"),
                List.of());
        assertThat(result.constituency()).isEqualTo("unknown");
    }

    @Test
    void theReportersOwnSignatureAddressSaysNothingAboutScope() {
        TriageResult result = engine.triage(report("alice@partner-univ.example", "Question",
                "Regards,\nalice@partner-univ.example"), List.of());
        assertThat(result.constituency()).isEqualTo("unknown");
    }

    @Test
    void aPhishingReportGetsThePhishingCategoryWithTheRuleShown() {
        TriageResult result = engine.triage(report("user@example.ac.jp", "Phishing mail imitating our webmail",
                "The link hxxps://webmail-login[.]evil.example/ asks for passwords."), List.of());
        Classification c = result.classification();
        assertThat(c.category()).isEqualTo("fraud/phishing");
        assertThat(c.rule()).isEqualTo("phishing-report");
        assertThat(c.explanation()).isEqualTo("keyword 'phishing'");
        assertThat(c.priority()).isEqualTo(Priority.HIGH);
        assertThat(c.kind()).isEqualTo("incident");
    }

    @Test
    void aJapanesePhishingReportIsClassifiedToo() {
        TriageResult result = engine.triage(report("tanaka@example.jp", "フィッシングサイトの報告",
                "銀行を装った偽サイトがあります。"), List.of());
        assertThat(result.classification().category()).isEqualTo("fraud/phishing");
        assertThat(result.classification().explanation()).isEqualTo("keyword 'フィッシング'");
    }

    @Test
    void anArfFraudFeedbackTypeFiresTheArfRuleFirst() {
        TriageResult result = engine.triage(report("fbl@mailbox.example", "FW: report", "see attached"),
                List.of("fraud"));
        assertThat(result.classification().rule()).isEqualTo("arf-fraud-report");
        assertThat(result.classification().explanation()).isEqualTo("ARF feedback type fraud");
    }

    @Test
    void aReportNoRuleMatchesSaysSo() {
        TriageResult result = engine.triage(report("a@b.example", "Hello", "Nothing to see."), List.of());
        assertThat(result.classification().category()).isNull();
        assertThat(result.classification().kind()).isEqualTo("unlisted");
        assertThat(result.classification().explanation()).isEqualTo("no classification rule matched");
    }
}
