package org.csirtgateway.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.csirtgateway.index.Reports.day;
import static org.csirtgateway.index.Reports.message;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Indexing, grouping by ticket, ordering, paging and the life of the on-disk index. */
class ReportIndexTest {

    @TempDir
    Path dir;

    private ReportIndex index;

    @BeforeEach
    void open() throws IOException {
        index = ReportIndex.open(dir);
    }

    @AfterEach
    void close() throws IOException {
        index.close();
    }

    @Test
    void newMessageIsSearchableAfterCommit() throws Exception {
        index.commit();
        assertThat(index.search("ransomware", 10, 0).totalTickets()).isZero();

        index.index(message("m1", "T-1", "Incident", "Our file server was hit by ransomware."));
        index.commit();

        assertThat(ticketIds(index.search("ransomware", 10, 0))).containsExactly("T-1");
    }

    @Test
    void englishWordIsCaseInsensitive() throws Exception {
        index.index(message("m1", "T-1", "Phishing Campaign", "A PayPal lookalike at PAYPA1-LOGIN.example"));
        index.commit();

        assertThat(ticketIds(index.search("phishing", 10, 0))).containsExactly("T-1");
        assertThat(ticketIds(index.search("PAYPAL", 10, 0))).containsExactly("T-1");
        assertThat(ticketIds(index.search("paypa1-login.EXAMPLE", 10, 0))).containsExactly("T-1");
        assertThat(ticketIds(index.search("Phish*", 10, 0))).containsExactly("T-1");
    }

    @Test
    void allWordsOfAQueryMustMatchUnlessJoinedWithOr() throws Exception {
        index.index(message("m1", "T-1", "Phishing", "Fake bank login page"));
        index.index(message("m2", "T-2", "Phishing", "Fake parcel delivery notice"));
        index.commit();

        assertThat(ticketIds(index.search("phishing bank", 10, 0))).containsExactly("T-1");
        assertThat(ticketIds(index.search("bank OR parcel", 10, 0))).containsExactlyInAnyOrder("T-1", "T-2");
    }

    @Test
    void severalMessagesOfOneTicketCountOnce() throws Exception {
        index.index(message("m1", "T-1", "Malware", "Emotet sample attached", day(1)));
        index.index(message("m2", "T-1", "Re: Malware", "Another emotet sample", day(2)));
        index.index(message("m3", "T-1", "Re: Malware", "Emotet again, third one", day(3)));
        index.index(message("m4", "T-2", "Malware", "Emotet on a laptop", day(1)));
        index.commit();

        SearchPage page = index.search("emotet", 10, 0);

        assertThat(page.totalTickets()).isEqualTo(2);
        assertThat(ticketIds(page)).containsExactlyInAnyOrder("T-1", "T-2");
        assertThat(index.messageCount()).isEqualTo(4);
    }

    @Test
    void bestMessageOfATicketGivesItsScoreAndSnippet() throws Exception {
        index.index(message("m1", "T-1", "Question", "Is this legit? unrelated text", day(1)));
        index.index(message("m2", "T-1", "Re: Question", "It is a credential harvesting page", day(2)));
        index.commit();

        SearchPage page = index.search("credential harvesting", 10, 0);

        assertThat(page.hits()).singleElement()
                .satisfies(hit -> assertThat(hit.snippet()).contains("credential harvesting"));
    }

    @Test
    void moreRelevantTicketComesFirst() throws Exception {
        index.index(message("m1", "T-weak", "Weekly digest", "a long digest that mentions botnet once among "
                + "many other words about patches, advisories, conferences and staff news", day(5)));
        index.index(message("m2", "T-strong", "Botnet", "Botnet C2 server, botnet traffic", day(1)));
        index.commit();

        assertThat(ticketIds(index.search("botnet", 10, 0))).containsExactly("T-strong", "T-weak");
    }

    @Test
    void equallyRelevantTicketsAreNewestFirst() throws Exception {
        index.index(message("m1", "T-old", "Scan", "port scan", day(1)));
        index.index(message("m2", "T-new", "Scan", "port scan", day(3)));
        index.index(message("m3", "T-mid", "Scan", "port scan", day(2)));
        index.commit();

        assertThat(ticketIds(index.search("scan", 10, 0))).containsExactly("T-new", "T-mid", "T-old");
    }

    @Test
    void blankQueryListsNewestFirst() throws Exception {
        index.index(message("m1", "T-1", "a", "first", day(1)));
        index.index(message("m2", "T-2", "b", "second", day(2)));
        index.index(message("m3", "T-3", "c", "third", day(3)));
        index.index(message("m4", "T-1", "Re: a", "follow-up makes T-1 the newest", day(4)));
        index.commit();

        for (String blank : new String[] {"", "   ", null, "*"}) {
            SearchPage page = index.search(blank, 10, 0);
            assertThat(page.totalTickets()).as("query <%s>", blank).isEqualTo(3);
            assertThat(ticketIds(page)).as("query <%s>", blank).containsExactly("T-1", "T-3", "T-2");
        }
    }

    @Test
    void pagingSkipsWholeTickets() throws Exception {
        for (int t = 1; t <= 5; t++) {
            for (int m = 1; m <= 3; m++) {
                index.index(message("m" + t + "-" + m, "T-" + t, "Spam", "spam wave", day(t)));
            }
        }
        index.commit();

        SearchPage first = index.search("spam", 2, 0);
        SearchPage second = index.search("spam", 2, 2);
        SearchPage last = index.search("spam", 2, 4);
        SearchPage beyond = index.search("spam", 2, 10);

        assertThat(first.totalTickets()).isEqualTo(5);
        assertThat(ticketIds(first)).containsExactly("T-5", "T-4");
        assertThat(ticketIds(second)).containsExactly("T-3", "T-2");
        assertThat(ticketIds(last)).containsExactly("T-1");
        assertThat(beyond.hits()).isEmpty();
        assertThat(beyond.totalTickets()).isEqualTo(5);
        assertThat(index.search("spam", 0, 0).totalTickets()).isEqualTo(5);
    }

    @Test
    void hugePageDoesNotOverflow() throws Exception {
        index.index(message("m1", "T-1", "Spam", "spam"));
        index.commit();

        assertThat(ticketIds(index.search("spam", Integer.MAX_VALUE, 0))).containsExactly("T-1");
        assertThat(index.search("spam", Integer.MAX_VALUE, Integer.MAX_VALUE).hits()).isEmpty();
    }

    @Test
    void negativePagingIsRefused() {
        assertThatThrownBy(() -> index.search("x", -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> index.search("x", 10, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reindexingTheSameMessageReplacesIt() throws Exception {
        index.index(message("m1", "T-1", "Draft", "first version mentions trojan"));
        index.commit();
        index.index(message("m1", "T-1", "Draft", "second version mentions worm"));
        index.index(message("m1", "T-1", "Draft", "second version mentions worm"));
        index.commit();

        assertThat(index.messageCount()).isEqualTo(1);
        assertThat(index.search("trojan", 10, 0).totalTickets()).isZero();
        assertThat(ticketIds(index.search("worm", 10, 0))).containsExactly("T-1");
    }

    @Test
    void messageMovedToAnotherTicketIsFoundOnlyThere() throws Exception {
        index.index(message("m1", "T-1", "Merged", "botnet"));
        index.commit();
        index.index(message("m1", "T-2", "Merged", "botnet"));
        index.commit();

        assertThat(ticketIds(index.search("botnet", 10, 0))).containsExactly("T-2");
    }

    @Test
    void indexAllIndexesEveryMessage() throws Exception {
        index.indexAll(List.of(
                message("m1", "T-1", "One", "alpha"),
                message("m2", "T-2", "Two", "alpha"),
                message("m3", "T-3", "Three", "beta")));
        index.commit();

        assertThat(index.messageCount()).isEqualTo(3);
        assertThat(index.search("alpha", 10, 0).totalTickets()).isEqualTo(2);
    }

    @Test
    void deleteAllEmptiesTheIndexAtTheNextCommit() throws Exception {
        index.index(message("m1", "T-1", "Old", "stale report"));
        index.commit();

        index.deleteAll();
        assertThat(index.messageCount()).as("a rebuild is seen only once committed").isEqualTo(1);
        index.index(message("m2", "T-2", "New", "fresh report"));
        index.commit();

        assertThat(index.messageCount()).isEqualTo(1);
        assertThat(ticketIds(index.search("report", 10, 0))).containsExactly("T-2");
    }

    @Test
    void indexSurvivesReopen() throws Exception {
        index.index(message("m1", "T-1", "Persisted", "survives a restart"));
        index.commit();
        index.index(message("m2", "T-2", "Uncommitted", "is committed by close"));
        index.close();

        index = ReportIndex.open(dir);

        assertThat(index.messageCount()).isEqualTo(2);
        assertThat(ticketIds(index.search("restart", 10, 0))).containsExactly("T-1");
        assertThat(ticketIds(index.search("close", 10, 0))).containsExactly("T-2");
    }

    @Test
    void secondOpenOfTheSameDirectoryIsRefusedWithAClearMessage() {
        assertThatThrownBy(() -> ReportIndex.open(dir).close())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("already open");
    }

    @Test
    void corruptIndexFailsToOpenWithAClearMessage() throws Exception {
        index.index(message("m1", "T-1", "Soon", "corrupt"));
        index.close();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> !f.getFileName().toString().equals("write.lock")).toList()) {
                Files.write(file, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
            }
        }

        assertThatThrownBy(() -> ReportIndex.open(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("corrupt or unreadable and must be rebuilt");

        deleteContents(dir);
        index = ReportIndex.open(dir);
        assertThat(index.messageCount()).as("an emptied directory opens as a new index").isZero();
    }

    @Test
    void directoryThatIsAFileCannotBeOpened() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");

        assertThatThrownBy(() -> ReportIndex.open(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Cannot open search index directory");
    }

    private static void deleteContents(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
    }

    static List<String> ticketIds(SearchPage page) {
        return page.hits().stream().map(TicketHit::ticketId).toList();
    }
}
