package org.csirtgateway.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.csirtgateway.index.Reports.day;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.lucene.document.LongField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.SortedNumericSortField;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The near-duplicate candidate search ({@link SharedTermCounts}: shared terms counted per document) finds exactly what
 * the plain Lucene query finds: a constant-score term query per term, the excluded ticket as a prohibited clause, the
 * top {@value NearDuplicates#CANDIDATES} (equal scores by message id, lower first), deleted documents never.
 */
class CandidateSearchTest {

    @TempDir
    Path dir;

    private static final IndexedMessage CAMPAIGN = report("campaign", "T-new", new Random(17));

    private final List<IndexedMessage> indexed = new ArrayList<>();

    @BeforeEach
    void indexManySegmentsOfOneTemplate() throws IOException {
        Random random = new Random(5);
        try (ReportIndex index = ReportIndex.open(dir)) {
            for (int n = 0; n < 300; n++) {
                // message ids in index order for the first half, then not: ties are decided by them, not by
                // document number, and segments are passed over by their least id
                long id = n < 150 ? n + 1 : 151 + (n * 7919) % 150;
                IndexedMessage message = report(String.valueOf(id), "T-" + (n % 40), random);
                index.index(message);
                indexed.add(message);
                if (n % 9 == 8) {
                    index.commit();
                }
            }
            // a campaign: copies of one report in one segment, more than a lookup reads, in no order of their ids
            List<Integer> copies = new ArrayList<>();
            for (int id = 301; id <= 300 + NearDuplicates.CANDIDATES + 20; id++) {
                copies.add(id);
            }
            java.util.Collections.shuffle(copies, random);
            for (int id : copies) {
                index.index(IndexedMessage.builder(String.valueOf(id), "T-" + (id % 40), day(1))
                        .subject(CAMPAIGN.subject()).body(CAMPAIGN.body()).indicators(CAMPAIGN.indicators()).build());
            }
            index.commit();
            // re-indexed messages (a ticket merged into another): their earlier documents are deleted, not found
            for (int n = 0; n < 300; n += 10) {
                IndexedMessage moved = indexed.get(n);
                index.index(IndexedMessage.builder(moved.messageKey(), "T-merged", moved.receivedAt())
                        .subject(moved.subject()).body(moved.body()).indicators(moved.indicators()).build());
            }
            index.commit();
        }
    }

    @Test
    void bandCandidatesAreThoseOfThePlainQueryWithAndWithoutAnExcludedTicket() throws IOException {
        Random random = new Random(11);
        try (DirectoryReader reader = DirectoryReader.open(FSDirectory.open(dir))) {
            IndexSearcher searcher = new IndexSearcher(reader);
            assertThat(reader.leaves().size()).as("segments").isGreaterThan(5);
            assertThat(reader.numDeletedDocs()).as("deleted").isPositive();
            int candidates = 0;
            for (int i = 0; i <= 40; i++) {
                IndexedMessage probe = i < 40 ? report("p" + i, "T-new", random) : CAMPAIGN;
                List<String> bands = TextFeatures.of(probe.body()).signature().bandKeys();
                Map<String, List<String>> terms = Map.of(ReportFields.LSH_BAND, bands);
                for (String exclude : new String[] {null, "T-new", "T-" + i, "T-merged"}) {
                    List<Integer> found = new NearDuplicates().topSharing(searcher, terms, exclude);
                    assertThat(found).as("probe %d excluding %s", i, exclude)
                            .isEqualTo(plainQuery(searcher, terms, exclude));
                    candidates += found.size();
                }
            }
            assertThat(candidates).as("the probes share bands with the index").isGreaterThan(1_000);
        }
    }

    @Test
    void indicatorCandidatesAreThoseOfThePlainQueryAndNeverOfTheExcludedTicket() throws IOException {
        try (DirectoryReader reader = DirectoryReader.open(FSDirectory.open(dir))) {
            IndexSearcher searcher = new IndexSearcher(reader);
            Map<String, List<String>> terms = Map.of("ip", List.of("198.51.100.3", "198.51.100.4", "192.0.2.99"),
                    "domain", List.of("scan.example"));
            List<Integer> all = new NearDuplicates().topSharing(searcher, terms, null);
            assertThat(all).isEqualTo(plainQuery(searcher, terms, null)).isNotEmpty();
            String found = ticketsOf(reader, all).get(all.size() / 2);
            List<Integer> notFound = new NearDuplicates().topSharing(searcher, terms, found);
            assertThat(notFound).isEqualTo(plainQuery(searcher, terms, found)).isNotEmpty();
            assertThat(ticketsOf(reader, notFound)).doesNotContain(found);
        }
    }

    @Test
    void candidatesAmongEarlierMessagesAreThoseOfThePlainQueryForLowerMessageIds() throws IOException {
        Random random = new Random(13);
        try (DirectoryReader reader = DirectoryReader.open(FSDirectory.open(dir))) {
            IndexSearcher searcher = new IndexSearcher(reader);
            int candidates = 0;
            for (int i = 0; i <= 20; i++) {
                IndexedMessage probe = i < 20 ? report("p" + i, "T-new", random) : CAMPAIGN;
                Map<String, List<String>> bands = Map.of(ReportFields.LSH_BAND,
                        TextFeatures.of(probe.body()).signature().bandKeys());
                Map<String, List<String>> indicators = Map.of("ip", List.of(probe.indicators().get(0).value()));
                for (long id : new long[] {1, 2, 41, 150, 260, 300, 301, 330, 361}) {
                    for (Map<String, List<String>> terms : List.of(bands, indicators)) {
                        List<Integer> found = new NearDuplicates().topSharing(searcher, terms, "T-" + i,
                                MessageIds.Before.message(String.valueOf(id)));
                        assertThat(found).as("probe %d before %d", i, id)
                                .isEqualTo(plainQuery(searcher, terms, "T-" + i, id));
                        candidates += found.size();
                    }
                }
            }
            assertThat(candidates).isGreaterThan(1_000);
        }
    }

    private static List<Integer> plainQuery(IndexSearcher searcher, Map<String, List<String>> terms, String exclude)
            throws IOException {
        return plainQuery(searcher, terms, exclude, Long.MAX_VALUE);
    }

    /** The plain query, only among the messages of an id below {@code beforeId}. */
    private static List<Integer> plainQuery(IndexSearcher searcher, Map<String, List<String>> terms, String exclude,
            long beforeId) throws IOException {
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        terms.forEach((field, values) -> values.stream().distinct().forEach(value -> any.add(
                new ConstantScoreQuery(new TermQuery(new Term(field, value))), BooleanClause.Occur.SHOULD)));
        if (exclude != null) {
            any.add(new TermQuery(new Term(ReportFields.TICKET, exclude)), BooleanClause.Occur.MUST_NOT);
        }
        if (beforeId != Long.MAX_VALUE) {
            any.add(LongField.newRangeQuery(MessageIds.FIELD, Long.MIN_VALUE, beforeId - 1),
                    BooleanClause.Occur.FILTER);
            any.setMinimumNumberShouldMatch(1); // (with a filter, no term would be needed)
        }
        List<Integer> docs = new ArrayList<>();
        Sort byScoreThenMessageId = new Sort(SortField.FIELD_SCORE, new SortedNumericSortField(MessageIds.FIELD,
                SortField.Type.LONG));
        for (ScoreDoc hit : searcher.search(any.build(), NearDuplicates.CANDIDATES, byScoreThenMessageId, true)
                .scoreDocs) {
            docs.add(hit.doc);
        }
        return docs;
    }

    private static List<String> ticketsOf(DirectoryReader reader, List<Integer> docs) throws IOException {
        List<String> tickets = new ArrayList<>();
        for (int doc : docs) {
            tickets.add(reader.storedFields().document(doc).get(ReportFields.TICKET));
        }
        return tickets;
    }

    /** A scanning report from one template about one of a few hosts: many messages share bands and indicators. */
    private static IndexedMessage report(String key, String ticket, Random random) {
        String ip = "198.51.100." + (1 + random.nextInt(8));
        StringBuilder body = new StringBuilder("Hello,\n\nwe see scanning from " + ip + " against our network.\n\n");
        for (int line = 0; line < 2 + random.nextInt(10); line++) {
            body.append("sshd[").append(1000 + line).append("]: Failed password for root from ").append(ip)
                    .append(" port ").append(1024 + random.nextInt(60000)).append('\n');
        }
        body.append("\nRegards,\n").append(random.nextBoolean() ? "Alice" : "Bob").append('\n');
        List<Indicator> indicators = new ArrayList<>(List.of(new Indicator("ip", ip)));
        if (random.nextInt(3) == 0) {
            indicators.add(new Indicator("domain", "scan.example"));
        }
        return IndexedMessage.builder(key, ticket, day(1)).subject("Scan from " + ip).body(body.toString())
                .indicators(indicators).build();
    }
}
