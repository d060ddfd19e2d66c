package org.csirtgateway.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.csirtgateway.index.ReportIndexTest.ticketIds;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The documented query fields, and how a query that cannot be parsed is reported to the analyst. */
class QuerySyntaxTest {

    @TempDir
    Path dir;

    private ReportIndex index;

    @BeforeEach
    void open() throws IOException {
        index = ReportIndex.open(dir);
        index.index(new IndexedMessage("m1", "CSIRT#2026-000001", "Phishing kit", "Alice <alice@bank.example>",
                "Kit found on a compromised host", Instant.parse("2026-01-15T10:00:00Z"), "OPEN"));
        index.index(new IndexedMessage("m2", "CSIRT#2026-000002", "DDoS", "Bob <bob@isp.example>",
                "SYN flood against the phishing reporting portal", Instant.parse("2026-02-28T23:59:59Z"), "closed"));
        index.index(new IndexedMessage("m3", "CSIRT#2026-000003", "Defacement", "carol@univ.example",
                "Homepage defaced", Instant.parse("2026-03-01T00:00:00Z"), "Waiting"));
        index.commit();
    }

    @AfterEach
    void close() throws IOException {
        index.close();
    }

    @ParameterizedTest(name = "{0} finds {1}")
    @CsvSource(delimiter = '|', value = {
        "subject:phishing                                   | CSIRT#2026-000001",
        "body:phishing                                      | CSIRT#2026-000002",
        "from:alice                                         | CSIRT#2026-000001",
        "from:bob@isp.example                               | CSIRT#2026-000002",
        "from:univ.example                                  | CSIRT#2026-000003",
        "ticket:CSIRT#2026-000002                           | CSIRT#2026-000002",
        "status:open                                        | CSIRT#2026-000001",
        "status:CLOSED                                      | CSIRT#2026-000002",
        "received:2026-01-15                                | CSIRT#2026-000001",
        "received:[2026-02-01 TO 2026-02-28]                | CSIRT#2026-000002",
        "received:{2026-01-15 TO 2026-03-01}                | CSIRT#2026-000002",
        "received:[2026-03-01 TO *]                         | CSIRT#2026-000003",
        "received:[* TO \"2026-01-15T10:00:00Z\"]           | CSIRT#2026-000001",
        "phishing AND NOT subject:phishing                  | CSIRT#2026-000002",
        "\"compromised host\"                               | CSIRT#2026-000001",
        "defacd~1                                           | CSIRT#2026-000003",
    })
    void fieldQueryFindsOnlyItsReport(String query, String ticket) throws Exception {
        assertThat(ticketIds(index.search(query, 10, 0))).containsExactly(ticket);
    }

    @Test
    void ticketFieldIsExact() throws Exception {
        assertThat(index.search("ticket:CSIRT#2026", 10, 0).totalTickets()).isZero();
        assertThat(index.search("ticket:2026-000002", 10, 0).totalTickets()).isZero();
    }

    @Test
    void dateRangeIncludesBothEndDaysInUtc() throws Exception {
        assertThat(ticketIds(index.search("received:[2026-01-15 TO 2026-02-28]", 10, 0)))
                .containsExactlyInAnyOrder("CSIRT#2026-000001", "CSIRT#2026-000002");
    }

    @ParameterizedTest(name = "<{0}>")
    @ValueSource(strings = {
        "foo AND (", "\"unclosed", "foo)", "(foo OR bar", "AND", "foo AND", "foo OR OR bar",
        "received:[2026-01-01 TO", "received:2026-13-45", "received:[yesterday TO today]", "*phish",
        "foo\\", "subject:", "a:b:c", "foo^bar", "[a TO", "\"a\" \"b", "ticket:(x", "/regex", "a/b",
        "http://evil.example/x", "foo && || bar", "\"a\nb",
    })
    void syntaxErrorIsAnInvalidQueryWithAReadableMessage(String query) {
        assertThatThrownBy(() -> index.search(query, 10, 0))
                .isInstanceOf(InvalidQueryException.class)
                .satisfies(e -> {
                    String message = e.getMessage();
                    assertThat(message).startsWith("Cannot parse query: ")
                            .hasSizeLessThan(160)
                            .doesNotContain("\n", "Encountered", "Was expecting", "Exception", "line 1", "<EOF>");
                });
    }

    @ParameterizedTest(name = "<{0}> says {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "foo AND (                   | unbalanced parenthesis near '('",
        "foo)                        | unbalanced parenthesis near ')'",
        "`\"unclosed`               | unclosed quote near '\"unclosed'",
        "received:[2026-01-01 TO     | unclosed range near '[2026-01-01 TO'",
        "foo AND                     | the query ends unexpectedly after 'foo AND'",
        "foo OR OR bar               | unexpected 'OR' at character 8",
        "received:2026-13-45         | '2026-13-45' is not a date",
        "*phish                      | '*' or '?' not allowed as first character",
        "evil.example/login          | put a URL or path in quotes",
        "a:b:c                       | put text containing ':' in quotes",
    })
    void syntaxErrorNamesTheProblem(String query, String expected) {
        assertThatThrownBy(() -> index.search(query, 10, 0))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining(expected);
    }

    @Test
    void quotedUrlIsSearchable() throws Exception {
        index.index(new IndexedMessage("m4", "CSIRT#2026-000004", "Phishing URL", "dave@example.net",
                "Victims were sent to https://login.bank.example/verify?id=42 yesterday",
                Instant.parse("2026-03-02T08:00:00Z"), "OPEN"));
        index.commit();

        assertThat(ticketIds(index.search("\"https://login.bank.example/verify\"", 10, 0)))
                .containsExactly("CSIRT#2026-000004");
    }

    @Test
    void overlongQueryIsRefused() {
        assertThatThrownBy(() -> index.search("x ".repeat(1_500), 10, 0))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessageStartingWith("Query is too long");
    }

    @Test
    void queryWithTooManyTermsIsAnInvalidQuery() {
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            query.append('w').append(i).append(' ');
        }

        assertThatThrownBy(() -> index.search(query.toString(), 10, 0))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessageStartingWith("Query is too complex")
                .hasMessageNotContaining("\n");
    }

    @Test
    void queryOfOnlyPunctuationFindsNothing() throws Exception {
        assertThat(index.search("... , ;", 10, 0).totalTickets()).isZero();
    }
}
