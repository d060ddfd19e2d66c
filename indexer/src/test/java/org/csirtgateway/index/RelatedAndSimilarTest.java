package org.csirtgateway.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.csirtgateway.index.Reports.day;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Related tickets by indicator within a time window, and near-duplicate candidates. */
class RelatedAndSimilarTest {

    private static final Indicator C2 = new Indicator("ip", "203.0.113.5");

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
    void ticketsMentioningAnIndicatorAreFoundWithinTheWindowNewestFirst() throws Exception {
        index.index(message("m1", "T-1", day(1), "Botnet C2 seen", List.of(C2)));
        index.index(message("m2", "T-2", day(10), "Scanning from our C2 suspect", List.of(C2,
                new Indicator("domain", "evil.example"))));
        index.index(message("m3", "T-3", day(200), "Old friend is back", List.of(C2)));
        index.index(message("m4", "T-4", day(11), "Something else", List.of(new Indicator("ip", "203.0.113.50"))));
        index.commit();

        List<RelatedTicket> related = index.ticketsMentioning(C2, day(1), day(100), "T-1", 10);

        assertThat(related).extracting(RelatedTicket::ticketId).containsExactly("T-2");
        assertThat(index.ticketsMentioning(C2, null, null, null, 10)).extracting(RelatedTicket::ticketId)
                .containsExactly("T-3", "T-2", "T-1");
        assertThat(index.indicatorsOf("T-2")).containsExactlyInAnyOrder(C2, new Indicator("domain", "evil.example"));
    }

    @Test
    void sameTemplateAboutAnotherIpIsNotProposedButTheSameIncidentIs() throws Exception {
        String template = "Hello,\n\nThe host %s in your network has been scanning our servers on ports 22 and 3389 "
                + "since Monday. Please investigate; our firewall logs are attached.\n\nRegards,\nBob\n";
        index.index(message("m1", "T-1", day(1), String.format(template, "198.51.100.1"),
                List.of(new Indicator("ip", "198.51.100.1"))));
        index.commit();

        IndexedMessage otherIp = message("n1", "new", day(2), String.format(template, "198.51.100.2"),
                List.of(new Indicator("ip", "198.51.100.2")));
        IndexedMessage sameIp = message("n2", "new", day(2), "Hi team,\n\n" + String.format(template,
                "198.51.100.1").replace("Hello,", "") + "\n-- \nAnother signature\n",
                List.of(new Indicator("ip", "198.51.100.1")));

        assertThat(index.similarTo(otherIp, null, 0.52)).isEmpty();
        assertThat(index.similarTo(sameIp, null, 0.52)).singleElement()
                .satisfies(s -> assertThat(s.ticketId()).isEqualTo("T-1"));
    }

    private static final String REPORT = "The host 198.51.100.1 in your network has been scanning our servers on "
            + "ports 22 and 3389 since Monday; phishing pages are served from http://bank-login.example/ too.";

    @Test
    void aMessageIndexedAndRefreshedFindsWithItsFeaturesWhatItFoundBeforeButNeverItself() throws Exception {
        index.index(message("m1", "T-1", day(1), REPORT, List.of(new Indicator("ip", "198.51.100.1"))));
        index.commit();
        IndexedMessage again = message("n1", "T-2", day(2), "Hello,\n\n" + REPORT + "\n\nRegards,\nBob",
                List.of(new Indicator("ip", "198.51.100.1")));
        List<SimilarMessage> before = index.similarTo(again, "T-2", 0.1);

        TextFeatures features = TextFeatures.of(again.body());
        index.index(again, features);
        List<SimilarMessage> after;
        try (ReportIndex.EarlierLookups lookups = index.lookupsAmongEarlier()) {
            after = lookups.similarTo(again, features, 0.1);
        }

        assertThat(before).extracting(SimilarMessage::ticketId).containsExactly("T-1");
        assertThat(after).isEqualTo(before);
        assertThat(index.similarTo(again, features, null, 0.1)).extracting(SimilarMessage::ticketId)
                .as("visible after the batch's lookups: found when its own ticket is not left out")
                .contains("T-1", "T-2");
        assertThat(TextFeatures.of(again.body()).exactDuplicateKey())
                .isEqualTo(ReportText.exactDuplicateKey(again.body()));
    }

    @Test
    void laterMessagesTakeNoCandidatePlaceFromAnEarlierMatch() throws Exception {
        // earlier: the same incident in partly other words, so it shares fewer of the text's bands than a copy does
        index.index(message("1", "T-E", day(1), "The host 198.51.100.1 in your network has been scanning our "
                + "servers on ports 22 and 3389 since Monday. Nothing else was seen from it.", List.of()));
        index.commit();
        // One batch: a report, then more copies of its very text than a lookup reads candidates, each sharing more
        // with it than the earlier message does.
        List<IndexedMessage> batch = new java.util.ArrayList<>();
        for (int i = 0; i <= NearDuplicates.CANDIDATES + 5; i++) {
            batch.add(message(String.valueOf(2 + i), "T-B" + i, day(2), REPORT, List.of()));
        }
        for (IndexedMessage one : batch) {
            index.index(one);
        }

        List<SimilarMessage> first;
        List<SimilarMessage> last;
        try (ReportIndex.EarlierLookups lookups = index.lookupsAmongEarlier()) {
            first = lookups.similarTo(batch.get(0), TextFeatures.of(REPORT), 0.1);
            last = lookups.similarTo(batch.get(batch.size() - 1), TextFeatures.of(REPORT), 0.1);
        }

        assertThat(first).extracting(SimilarMessage::ticketId).as("only what was there before it")
                .containsExactly("T-E");
        assertThat(last).extracting(SimilarMessage::ticketId).as("the earlier ones of its own batch too")
                .contains("T-B0", "T-B1").doesNotContain("T-B" + (batch.size() - 1));
    }

    @Test
    void aCandidateIndexedBeforeVocabulariesWereStoredIsScoredFromItsBodyAlike() throws Exception {
        IndexedMessage candidate = message("m1", "T-1", day(1), REPORT,
                List.of(new Indicator("ip", "198.51.100.1")));
        IndexedMessage again = message("n1", "T-2", day(2), "Hello,\n\n" + REPORT + "\n\nRegards,\nBob",
                List.of(new Indicator("ip", "198.51.100.1")));
        index.index(candidate);
        index.commit();
        Path olderDir = dir.resolve("older");
        // As an earlier version wrote it: signature stored, vocabulary not.
        writeAsEarlierVersions(olderDir, asIndexedBeforeCandidateFeatures(candidate, false));

        try (ReportIndex olderIndex = ReportIndex.open(olderDir)) {
            assertThat(olderIndex.similarTo(again, "T-2", 0.1)).isEqualTo(index.similarTo(again, "T-2", 0.1))
                    .isNotEmpty();
        }
    }

    @Test
    void candidatesIndexedBeforeTheirDocValueAreScoredFromTheirStoredFieldsAlike() throws Exception {
        String template = "Hello,\n\nThe host %s in your network has been scanning our servers on ports 22 and "
                + "3389 since Monday. Please investigate; our firewall logs are attached.\n\nRegards,\nBob\n";
        List<IndexedMessage> earlier = List.of(
                message("m1", "T-1", day(1), String.format(template, "198.51.100.1"),
                        List.of(new Indicator("ip", "198.51.100.1"))),
                message("m2", "T-2", day(1), String.format(template, "198.51.100.2"),
                        List.of(new Indicator("ip", "198.51.100.2"), new Indicator("domain", "scan.example"))),
                message("m3", "T-3", day(1), REPORT, List.of(new Indicator("ip", "198.51.100.1"))));
        for (IndexedMessage message : earlier) {
            index.index(message);
        }
        index.commit();
        Path olderDir = dir.resolve("older");
        List<org.apache.lucene.document.Document> older = new java.util.ArrayList<>();
        for (IndexedMessage message : earlier) {
            older.add(asIndexedBeforeCandidateFeatures(message, true));
        }
        writeAsEarlierVersions(olderDir, older.toArray(new org.apache.lucene.document.Document[0]));
        IndexedMessage again = message("n1", "T-9", day(2), "Hi team,\n\n" + String.format(template,
                "198.51.100.1").replace("Hello,", "") + "\n-- \nAnother signature\n",
                List.of(new Indicator("ip", "198.51.100.1"), new Indicator("domain", "scan.example")));

        List<SimilarMessage> expected = index.similarTo(again, "T-9", 0.05);
        assertThat(expected).hasSize(3);
        try (ReportIndex olderIndex = ReportIndex.open(olderDir)) {
            assertThat(olderIndex.similarTo(again, "T-9", 0.05)).isEqualTo(expected);
            // a new message beside the old ones: both kinds are read in one lookup
            olderIndex.index(message("m4", "T-4", day(1), String.format(template, "198.51.100.1"),
                    List.of(new Indicator("ip", "198.51.100.1"))));
            olderIndex.commit();
            index.index(message("m4", "T-4", day(1), String.format(template, "198.51.100.1"),
                    List.of(new Indicator("ip", "198.51.100.1"))));
            index.commit();
            assertThat(olderIndex.similarTo(again, "T-9", 0.05)).isEqualTo(index.similarTo(again, "T-9", 0.05))
                    .hasSize(4);
        }
    }

    /** A message's document as versions before {@link CandidateFeatures} wrote it: signature (and vocabulary) stored. */
    private static org.apache.lucene.document.Document asIndexedBeforeCandidateFeatures(IndexedMessage message,
            boolean withVocabulary) {
        TextFeatures features = TextFeatures.of(message.body());
        org.apache.lucene.document.Document doc = ReportFields.toDocument(message, features);
        doc.removeFields(CandidateFeatures.FIELD);
        if (!withVocabulary) {
            doc.removeFields(ReportFields.VOCABULARY);
        }
        return doc;
    }

    private static void writeAsEarlierVersions(Path directory, org.apache.lucene.document.Document... docs)
            throws IOException {
        try (var writer = new org.apache.lucene.index.IndexWriter(org.apache.lucene.store.FSDirectory.open(directory),
                new org.apache.lucene.index.IndexWriterConfig(ReportAnalyzer.forIndexing()))) {
            for (org.apache.lucene.document.Document doc : docs) {
                writer.updateDocument(new org.apache.lucene.index.Term(ReportFields.KEY, doc.get(ReportFields.KEY)),
                        doc);
            }
        }
    }

    private static IndexedMessage message(String key, String ticket, java.time.Instant at, String body,
            List<Indicator> indicators) {
        return IndexedMessage.builder(key, ticket, at).subject("Report").body(body).indicators(indicators).build();
    }
}
