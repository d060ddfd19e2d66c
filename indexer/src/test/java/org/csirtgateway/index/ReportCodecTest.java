package org.csirtgateway.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.csirtgateway.index.Reports.day;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.lucene.codecs.perfield.PerFieldPostingsFormat;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Term;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index's codec: a Bloom filter in front of the band terms, and nothing else changed. */
class ReportCodecTest {

    private static final String TEMPLATE = "Hello,\n\nThe host %s has been scanning our servers on port %d since "
            + "%s. Our firewall logged %d connection attempts; the log is below.\n\n%s\nRegards,\nReporter %d\n";

    @TempDir
    Path dir;

    @Test
    void newSegmentsKeepTheBandTermsBehindABloomFilterAndEveryOtherFieldInLucenesFormat() throws IOException {
        try (ReportIndex index = ReportIndex.open(dir)) {
            for (IndexedMessage message : reports(20, new Random(1))) {
                index.index(message);
            }
            index.commit();
        }
        try (DirectoryReader reader = DirectoryReader.open(FSDirectory.open(dir))) {
            assertThat(reader.leaves()).isNotEmpty();
            for (LeafReaderContext leaf : reader.leaves()) {
                assertThat(postingsFormat(leaf, ReportFields.LSH_BAND)).isEqualTo("BloomFilter");
                assertThat(postingsFormat(leaf, ReportFields.BODY)).isEqualTo("Lucene912");
                assertThat(postingsFormat(leaf, ReportFields.KEY)).isEqualTo("Lucene912");
            }
        }
    }

    @Test
    void theFilterNeverHidesACandidateInFlushedOrMergedSegments() throws IOException {
        // The same reports in two indexes, one written with the filter and one with Lucene's default codec, each
        // committed every few messages so that there are many small segments, some of them merged.
        List<IndexedMessage> reports = reports(400, new Random(7));
        Path plainDir = dir.resolve("plain");
        try (ReportIndex filtered = ReportIndex.open(dir.resolve("filtered"));
             IndexWriter plain = new IndexWriter(FSDirectory.open(plainDir),
                     new IndexWriterConfig(ReportAnalyzer.forIndexing()))) {
            for (int i = 0; i < reports.size(); i++) {
                IndexedMessage message = reports.get(i);
                filtered.index(message);
                plain.updateDocument(new Term(ReportFields.KEY, message.messageKey()),
                        ReportFields.toDocument(message, TextFeatures.of(message.body())));
                if (i % 7 == 6) {
                    filtered.commit();
                    plain.commit();
                }
            }
            filtered.commit();
            plain.commit();
            try (ReportIndex unfiltered = reopen(plain, plainDir)) {
                int found = 0;
                for (IndexedMessage probe : reports(60, new Random(99))) {
                    List<SimilarMessage> expected = unfiltered.similarTo(probe, "none", 0.1);
                    assertThat(filtered.similarTo(probe, "none", 0.1)).isEqualTo(expected);
                    found += expected.size();
                }
                assertThat(found).as("the probes have near-duplicates to find").isGreaterThan(100);
            }
        }
    }

    private static ReportIndex reopen(IndexWriter writer, Path directory) throws IOException {
        writer.close();
        return ReportIndex.open(directory); // writes with the filter from now on; reads the plain segments as they are
    }

    private static String postingsFormat(LeafReaderContext leaf, String field) {
        return leaf.reader().getFieldInfos().fieldInfo(field).getAttribute(PerFieldPostingsFormat.PER_FIELD_FORMAT_KEY);
    }

    /** Scanning reports from one template about a few hosts: many share bands, most band terms are unique. */
    private static List<IndexedMessage> reports(int count, Random random) {
        List<IndexedMessage> reports = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            String ip = "198.51.100." + (1 + random.nextInt(12));
            StringBuilder log = new StringBuilder();
            for (int line = 0; line < 3 + random.nextInt(12); line++) {
                log.append("sshd[").append(1000 + line).append("]: Failed password for root from ").append(ip)
                        .append(" port ").append(1024 + random.nextInt(60000)).append('\n');
            }
            String body = String.format(TEMPLATE, ip, 22 + random.nextInt(3), random.nextBoolean() ? "Monday" : "noon",
                    random.nextInt(500), log, n);
            String key = random.nextInt() + "-" + n;
            reports.add(IndexedMessage.builder(key, "T-" + key, day(1 + n % 5)).subject("Scan from " + ip)
                    .body(body).indicators(List.of(new Indicator("ip", ip))).build());
        }
        return reports;
    }
}
