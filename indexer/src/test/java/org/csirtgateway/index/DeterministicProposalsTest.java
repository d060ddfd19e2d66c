package org.csirtgateway.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.csirtgateway.index.Reports.day;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.MultiBits;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Near-duplicate proposals depend on the messages only, never on how their documents were laid out: an index built as
 * the messages came in, one rebuilt from the database, and one filled again after a crash (messages indexed twice,
 * others missing and added later, in another order) propose the same pairs. Equal shared-term counts and equal scores
 * go to the earlier message (lower message id), and a message is compared only with earlier messages.
 */
class DeterministicProposalsTest {

    private static final String REPORT = "The host 198.51.100.1 in your network has been scanning our servers on "
            + "ports 22 and 3389 since Monday; phishing pages are served from http://bank-login.example/ too.";

    @TempDir
    Path dir;

    @Test
    void sameMessagesIndexedInAnotherOrderAndLayoutProposeTheSameCandidatesWithTies() throws IOException {
        List<IndexedMessage> messages = campaign(120);
        Path live = dir.resolve("live");
        Path refilled = dir.resolve("refilled");
        Path rebuilt = dir.resolve("rebuilt");
        // as taken in: in id order, committed now and then
        try (ReportIndex index = ReportIndex.open(live)) {
            for (int i = 0; i < messages.size(); i++) {
                index.index(messages.get(i));
                if (i % 7 == 6) {
                    index.commit();
                }
            }
            index.commit();
        }
        // filled again after a crash: the later half first, then everything again newest first (documents replaced),
        // one ticket's messages moved away and back, committed at other moments
        try (ReportIndex index = ReportIndex.open(refilled)) {
            for (IndexedMessage message : messages.subList(60, 120)) {
                index.index(onTicket(message, "T-moved"));
            }
            index.commit();
            List<IndexedMessage> newestFirst = new ArrayList<>(messages);
            Collections.reverse(newestFirst);
            for (int i = 0; i < newestFirst.size(); i++) {
                index.index(newestFirst.get(i));
                if (i % 11 == 10) {
                    index.commit();
                }
            }
            index.deleteTicket("T-3");
            index.commit();
            for (IndexedMessage message : messages) {
                if (message.ticketId().equals("T-3")) {
                    index.index(message);
                }
            }
            index.commit();
        }
        // rebuilt: all at once, shuffled, one commit
        try (ReportIndex index = ReportIndex.open(rebuilt)) {
            List<IndexedMessage> shuffled = new ArrayList<>(messages);
            Collections.shuffle(shuffled, new Random(3));
            index.indexAll(shuffled);
            index.commit();
        }
        assertThat(documentNumbers(live)).as("the documents are laid out differently")
                .isNotEqualTo(documentNumbers(refilled)).isNotEqualTo(documentNumbers(rebuilt));
        assertThat(deletedDocuments(refilled)).isPositive();

        Map<String, Object> expected = proposals(live, messages);
        assertThat(proposals(refilled, messages)).isEqualTo(expected);
        assertThat(proposals(rebuilt, messages)).isEqualTo(expected);
        @SuppressWarnings("unchecked")
        List<String> copies = (List<String>) expected.get("band candidates of a copy");
        assertThat(copies).as("more copies share every band than a lookup reads: the earliest are taken")
                .hasSize(NearDuplicates.CANDIDATES)
                .isEqualTo(messages.stream().filter(m -> m.body().equals(REPORT)).map(IndexedMessage::messageKey)
                        .limit(NearDuplicates.CANDIDATES).toList());
    }

    @Test
    void aLookupAmongEarlierMessagesIgnoresALaterIdenticalMessageEvenWhenIndexedAndCommitted() throws IOException {
        IndexedMessage earlier = message("5", "T-1", REPORT);
        IndexedMessage looked = message("7", "T-2", REPORT);
        IndexedMessage later = message("9", "T-3", REPORT);
        try (ReportIndex index = ReportIndex.open(dir)) {
            index.index(later); // indexed first: document order says nothing
            index.index(earlier);
            index.index(looked);
            index.commit();

            try (ReportIndex.EarlierLookups lookups = index.lookupsAmongEarlier()) {
                assertThat(lookups.similarTo(looked, TextFeatures.of(REPORT), 0.1))
                        .extracting(SimilarMessage::messageKey).containsExactly("5");
                assertThat(lookups.similarTo(earlier, TextFeatures.of(REPORT), 0.1)).isEmpty();
                assertThat(lookups.similarTo(later, TextFeatures.of(REPORT), 0.1))
                        .extracting(SimilarMessage::messageKey).containsExactly("5", "7");
            }
            assertThat(index.similarTo(looked, "T-2", 0.1)).as("a lookup among all messages finds the later one")
                    .extracting(SimilarMessage::messageKey).containsExactlyInAnyOrder("5", "9");
        }
    }

    @Test
    void aLookupRunAgainAfterACrashAnswersAsTheFirstDid() throws IOException {
        List<IndexedMessage> messages = campaign(60);
        Map<String, List<SimilarMessage>> first = new LinkedHashMap<>();
        try (ReportIndex index = ReportIndex.open(dir)) {
            for (IndexedMessage message : messages) {
                index.index(message);
                try (ReportIndex.EarlierLookups lookups = index.lookupsAmongEarlier()) {
                    first.put(message.messageKey(), lookups.similarTo(message, TextFeatures.of(message.body()), 0.1));
                }
            }
            index.commit();
        }
        Map<String, List<SimilarMessage>> again = new LinkedHashMap<>();
        try (ReportIndex index = ReportIndex.open(dir);
             ReportIndex.EarlierLookups lookups = index.lookupsAmongEarlier()) {
            for (IndexedMessage message : messages) {
                again.put(message.messageKey(), lookups.similarTo(message, TextFeatures.of(message.body()), 0.1));
            }
        }
        assertThat(again).isEqualTo(first);
        assertThat(first.get("60")).as("the last message finds many").hasSizeGreaterThan(20);
    }

    @Test
    void anEqualScoreTiePicksTheLowerMessageId() throws IOException {
        try (ReportIndex index = ReportIndex.open(dir)) {
            index.index(message("30", "T-1", REPORT));
            index.index(message("4", "T-1", REPORT));
            index.index(message("17", "T-1", REPORT));
            index.commit();
            index.index(message("3", "T-2", REPORT + " It goes on.")); // another ticket, a lower score
            index.commit();

            List<SimilarMessage> similar = index.similarTo(message("99", "T-new", REPORT), "T-new", 0.1);

            assertThat(similar).extracting(SimilarMessage::ticketId).containsExactly("T-1", "T-2");
            assertThat(similar.get(0).messageKey()).isEqualTo("4");
            assertThat(similar.get(0).score()).isGreaterThan(similar.get(1).score());
        }
    }

    @Test
    void ofMoreEqualCandidatesThanALookupReadsTheLowestMessageIdsAreTaken() throws IOException {
        List<Integer> ids = new ArrayList<>();
        for (int id = 1; id <= NearDuplicates.CANDIDATES + 20; id++) {
            ids.add(id);
        }
        Collections.shuffle(ids, new Random(7));
        try (ReportIndex index = ReportIndex.open(dir)) {
            for (int id : ids) {
                index.index(message(String.valueOf(id), "T-" + id, REPORT));
            }
            index.commit();

            List<SimilarMessage> similar = index.similarTo(message("1000", "T-new", REPORT), "T-new", 0.1);

            assertThat(similar).extracting(SimilarMessage::messageKey).map(Integer::valueOf)
                    .containsExactlyInAnyOrderElementsOf(ids.stream().sorted().limit(NearDuplicates.CANDIDATES)
                            .toList());
        }
    }

    @Test
    void keysThatAreNotMessageIdsComeAfterEveryIdInTheOrderOfTheirText() throws IOException {
        assertThat(MessageIds.of("0")).isZero();
        assertThat(MessageIds.of("123456789012345678")).isEqualTo(123456789012345678L);
        for (String notAnId : new String[] {"", "007", "-1", "+1", "1e3", "m1", "1234567890123456789", " 1"}) {
            assertThat(MessageIds.of(notAnId)).as(notAnId).isEqualTo(MessageIds.NOT_AN_ID);
        }
        assertThat(MessageIds.compare("9", "10")).isNegative();
        assertThat(MessageIds.compare("123456789012345678", "007")).isNegative();
        assertThat(MessageIds.compare("7", "007")).isNegative();
        assertThat(MessageIds.compare("m10", "m2")).isNegative();
        assertThat(MessageIds.compare("m2", "m2")).isZero();

        try (ReportIndex index = ReportIndex.open(dir)) {
            index.index(message("b", "T-1", REPORT));
            index.index(message("c", "T-1", REPORT));
            index.index(message("a", "T-1", REPORT));
            index.index(message("40", "T-2", REPORT));
            index.index(message("d", "T-3", REPORT));
            index.commit();

            assertThat(index.similarTo(message("x", "T-new", REPORT), "T-new", 0.1))
                    .extracting(SimilarMessage::messageKey).containsExactly("a", "40", "d");
            try (ReportIndex.EarlierLookups lookups = index.lookupsAmongEarlier()) {
                assertThat(lookups.similarTo(message("c", "T-9", REPORT), TextFeatures.of(REPORT), 0.1))
                        .extracting(SimilarMessage::messageKey).containsExactly("a", "40");
                assertThat(lookups.similarTo(message("41", "T-9", REPORT), TextFeatures.of(REPORT), 0.1))
                        .extracting(SimilarMessage::messageKey).containsExactly("40");
            }
        }
    }

    @Test
    void anIndexWrittenBeforeMessageIdsWereKeptProposesWhatARebuiltOneDoes() throws IOException {
        List<IndexedMessage> messages = campaign(90);
        Path current = dir.resolve("current");
        try (ReportIndex index = ReportIndex.open(current)) {
            index.indexAll(messages);
            index.commit();
        }
        // As earlier versions wrote it, newest first: no message id; the oldest third without the near-duplicate doc
        // value either (written before it existed), so that their keys are read from the stored fields. The newest
        // messages as written since, and all of them merged into one segment, which only some documents of have ids.
        Path older = dir.resolve("older");
        try (IndexWriter writer = new IndexWriter(FSDirectory.open(older),
                new IndexWriterConfig(ReportAnalyzer.forIndexing()).setCodec(ReportCodec.create()))) {
            for (int i = messages.size() - 1; i >= 0; i--) {
                IndexedMessage message = messages.get(i);
                Document doc = ReportFields.toDocument(message, TextFeatures.of(message.body()));
                if (i < messages.size() - 10) {
                    doc.removeFields(MessageIds.FIELD);
                }
                if (i < messages.size() / 3) {
                    doc.removeFields(CandidateFeatures.FIELD);
                }
                writer.updateDocument(new Term(ReportFields.KEY, message.messageKey()), doc);
                if (i % 20 == 0) {
                    writer.commit();
                }
            }
        }
        Map<String, Object> expected = proposals(current, messages);
        assertThat(proposals(older, messages)).isEqualTo(expected);
        try (IndexWriter writer = new IndexWriter(FSDirectory.open(older),
                new IndexWriterConfig(ReportAnalyzer.forIndexing()).setCodec(ReportCodec.create()))) {
            writer.forceMerge(1);
        }
        assertThat(proposals(older, messages)).isEqualTo(expected);
    }

    /**
     * What the index proposes: for a few new messages and for each indexed message among the earlier ones (the
     * intake's lookups), and the band candidates of a copy of the campaign's text, by key.
     */
    private static Map<String, Object> proposals(Path path, List<IndexedMessage> messages) throws IOException {
        Map<String, Object> proposals = new LinkedHashMap<>();
        try (ReportIndex index = ReportIndex.open(path)) {
            for (IndexedMessage probe : List.of(message("1000", "T-new", REPORT),
                    message("1001", "T-new", "Hello,\n\n" + REPORT + "\n\nRegards,\nBob"),
                    withIp(message("1002", "T-new", "Please look at this host."), "198.51.100.2"))) {
                proposals.put("new " + probe.messageKey(), index.similarTo(probe, "T-new", 0.0));
            }
            try (ReportIndex.EarlierLookups lookups = index.lookupsAmongEarlier()) {
                for (IndexedMessage message : messages) {
                    proposals.put("earlier than " + message.messageKey(),
                            lookups.similarTo(message, TextFeatures.of(message.body()), 0.0));
                }
            }
        }
        try (DirectoryReader reader = DirectoryReader.open(FSDirectory.open(path))) {
            IndexSearcher searcher = new IndexSearcher(reader);
            List<String> bands = TextFeatures.of(REPORT).signature().bandKeys();
            List<String> keys = new ArrayList<>();
            for (int doc : new NearDuplicates().topSharing(searcher, Map.of(ReportFields.LSH_BAND, bands), null)) {
                keys.add(reader.storedFields().document(doc).get(ReportFields.KEY));
            }
            proposals.put("band candidates of a copy", keys);
        }
        return proposals;
    }

    /**
     * Messages with ids 1..count of one campaign: two of three are copies of one text (they share every band), the
     * others that text with a line of their own (fewer bands); three IPs among them; several messages per ticket.
     */
    private static List<IndexedMessage> campaign(int count) {
        List<IndexedMessage> messages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String body = i % 3 == 2 ? REPORT + "\nSeen again from sensor " + (i % 5) + "." : REPORT;
            messages.add(withIp(message(String.valueOf(i + 1), "T-" + (i % 40), body), "198.51.100." + (1 + i % 3)));
        }
        return messages;
    }

    private static Map<String, Integer> documentNumbers(Path path) throws IOException {
        Map<String, Integer> numbers = new LinkedHashMap<>();
        try (DirectoryReader reader = DirectoryReader.open(FSDirectory.open(path))) {
            Bits live = MultiBits.getLiveDocs(reader);
            for (int doc = 0; doc < reader.maxDoc(); doc++) {
                if (live == null || live.get(doc)) {
                    numbers.put(reader.storedFields().document(doc).get(ReportFields.KEY), doc);
                }
            }
        }
        return numbers;
    }

    private static int deletedDocuments(Path path) throws IOException {
        try (DirectoryReader reader = DirectoryReader.open(FSDirectory.open(path))) {
            return reader.numDeletedDocs();
        }
    }

    private static IndexedMessage message(String key, String ticket, String body) {
        return IndexedMessage.builder(key, ticket, day(1)).subject("Report").body(body).build();
    }

    private static IndexedMessage withIp(IndexedMessage message, String ip) {
        return IndexedMessage.builder(message.messageKey(), message.ticketId(), message.receivedAt())
                .subject(message.subject()).body(message.body()).indicators(List.of(new Indicator("ip", ip))).build();
    }

    private static IndexedMessage onTicket(IndexedMessage message, String ticket) {
        return IndexedMessage.builder(message.messageKey(), ticket, message.receivedAt()).subject(message.subject())
                .body(message.body()).indicators(message.indicators()).build();
    }
}
