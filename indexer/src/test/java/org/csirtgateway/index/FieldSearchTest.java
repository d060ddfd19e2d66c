package org.csirtgateway.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.csirtgateway.index.Reports.day;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every field of the index design finds the right tickets: indicators, ARF fields, filters, dates, sorting. */
class FieldSearchTest {

    @TempDir
    Path dir;

    private ReportIndex index;

    @BeforeEach
    void open() throws IOException {
        index = ReportIndex.open(dir);
        index.index(IndexedMessage.builder("m1", "T-1", day(1)).subject("Phishing site")
                .body("Lookalike bank login at http://bank-login.example/verify on 192.0.2.10")
                .sender("Alice <alice@isp.example>").recipients(List.of("csirt@team.example"))
                .channel("csirt").status("new").category("phishing")
                .indicators(List.of(new Indicator("url", "http://bank-login.example/verify"),
                        new Indicator("domain", "Bank-Login.example."), new Indicator("ip", "192.0.2.10")))
                .attachmentNames(List.of("Invoice_2026.pdf.exe")).attachmentText("Pay within 24 hours")
                .encryption("decrypted").signature("valid")
                .build());
        index.index(IndexedMessage.builder("m2", "T-2", day(5)).subject("Abuse report")
                .body("Spam received from a host in your network")
                .channel("abuse").status("triaged").category("spam")
                .indicators(List.of(new Indicator("ip", "192.0.2.1"), new Indicator("email", "Spammer@Bad.example")))
                .arfFields(Map.of("Feedback-Type", "abuse", "Source-IP", "192.0.2.1",
                        "Reported-Domain", "bad.example"))
                .build());
        index.index(IndexedMessage.builder("m3", "T-3", day(9)).subject("Vulnerability")
                .body("Your VPN appliance is vulnerable to CVE-2024-3400; sample hash below")
                .channel("csirt").status("new").category("vulnerability")
                .indicators(List.of(new Indicator("cve", "CVE-2024-3400"),
                        new Indicator("hash", "D41D8CD98F00B204E9800998ECF8427E")))
                .build());
        index.commit();
    }

    @AfterEach
    void close() throws IOException {
        index.close();
    }

    @Test
    void indicatorFieldFindsOnlyTheExactIndicator() throws Exception {
        assertThat(tickets("ip:192.0.2.1")).containsExactly("T-2");
        assertThat(tickets("ip:192.0.2.10")).containsExactly("T-1");
        assertThat(tickets("domain:BANK-LOGIN.example")).containsExactly("T-1");
        assertThat(tickets("url:\"http://bank-login.example/verify\"")).containsExactly("T-1");
        assertThat(tickets("email:spammer@bad.example")).containsExactly("T-2");
        assertThat(tickets("cve:cve-2024-3400")).containsExactly("T-3");
        assertThat(tickets("hash:d41d8cd98f00b204e9800998ecf8427e")).containsExactly("T-3");
    }

    @Test
    void arfFieldFindsItsReport() throws Exception {
        assertThat(tickets("arf_feedback_type:abuse")).containsExactly("T-2");
        assertThat(tickets("arf_source_ip:192.0.2.1")).containsExactly("T-2");
        assertThat(tickets("arf_reported_domain:BAD.example")).containsExactly("T-2");
        assertThat(tickets("arf_feedback_type:fraud")).isEmpty();
    }

    @Test
    void attachmentsRecipientsAndCryptoStateAreSearchable() throws Exception {
        assertThat(tickets("invoice_2026.pdf.exe")).containsExactly("T-1");
        assertThat(tickets("\"24 hours\"")).containsExactly("T-1");
        assertThat(tickets("to:csirt@team.example")).containsExactly("T-1");
        assertThat(tickets("encryption:decrypted AND signature:valid")).containsExactly("T-1");
        assertThat(tickets("category:Phishing")).containsExactly("T-1");
        assertThat(tickets("channel:abuse")).containsExactly("T-2");
    }

    @Test
    void filtersNarrowTheQuery() throws Exception {
        assertThat(search(request("", "new", "", "", null, null, ""))).containsExactly("T-3", "T-1");
        assertThat(search(request("", "", "spam", "", null, null, ""))).containsExactly("T-2");
        assertThat(search(request("", "", "", "CSIRT", null, null, ""))).containsExactly("T-3", "T-1");
        assertThat(search(request("", "", "", "", null, null, "cve"))).containsExactly("T-3");
        assertThat(search(request("", "", "", "", null, null, "ip"))).containsExactly("T-2", "T-1");
        assertThat(search(request("report OR site", "new", "", "", null, null, ""))).containsExactly("T-1");
    }

    @Test
    void dateRangeFilterFindsTheTicketsOfThoseDays() throws Exception {
        assertThat(search(request("", "", "", "", day(2), day(9), ""))).containsExactly("T-2");
        assertThat(search(request("", "", "", "", day(5), null, ""))).containsExactly("T-3", "T-2");
        assertThat(search(request("", "", "", "", null, day(5), ""))).containsExactly("T-1");
        assertThat(tickets("received:[2026-03-02 TO 2026-03-09]")).containsExactly("T-2", "T-3");
    }

    @Test
    void sortByDateOrdersNewestOrOldestFirst() throws Exception {
        SearchRequest newest = new SearchRequest("", "", "", "", null, null, "", SearchRequest.Sort.NEWEST, 10, 0);
        SearchRequest oldest = new SearchRequest("", "", "", "", null, null, "", SearchRequest.Sort.OLDEST, 10, 0);
        assertThat(search(newest)).containsExactly("T-3", "T-2", "T-1");
        assertThat(search(oldest)).containsExactly("T-1", "T-2", "T-3");
    }

    @Test
    void unknownIndicatorTypeOrBackwardsDateRangeIsRefused() {
        assertThatThrownBy(() -> request("", "", "", "", null, null, "asn"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("indicator type must be one of");
        assertThatThrownBy(() -> request("", "", "", "", day(5), day(2), ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ends before it starts");
        assertThatThrownBy(() -> SearchRequest.Sort.parse("score", SearchRequest.Sort.RELEVANCE))
                .hasMessageContaining("relevance, newest or oldest");
    }

    @Test
    void matchOffsetsPointAtTheMatchedWordsInTheSnippet() throws Exception {
        TicketHit hit = index.search("bank login", 10, 0).hits().get(0);

        assertThat(hit.matches()).isNotEmpty();
        for (TicketHit.Match match : hit.matches()) {
            assertThat(hit.snippet().substring(match.start(), match.end())).matches("(?i)bank|login");
        }
    }

    private static SearchRequest request(String query, String status, String category, String channel,
            Instant from, Instant to, String indicatorType) {
        return new SearchRequest(query, status, category, channel, from, to, indicatorType,
                SearchRequest.Sort.RELEVANCE, 10, 0);
    }

    private List<String> tickets(String query) throws Exception {
        return index.search(query, 10, 0).hits().stream().map(TicketHit::ticketId).sorted().toList();
    }

    private List<String> search(SearchRequest request) throws Exception {
        return index.search(request).hits().stream().map(TicketHit::ticketId).toList();
    }
}
