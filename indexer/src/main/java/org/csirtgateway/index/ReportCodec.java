package org.csirtgateway.index;

import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.PostingsFormat;
import org.apache.lucene.codecs.bloom.BloomFilteringPostingsFormat;
import org.apache.lucene.codecs.bloom.DefaultBloomFilterFactory;
import org.apache.lucene.codecs.bloom.FuzzySet;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene912.Lucene912PostingsFormat;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.SegmentWriteState;

/**
 * How the index is written: Lucene's default codec, except that the MinHash band field ({@link ReportFields#LSH_BAND})
 * has a Bloom filter in front of its terms.
 *
 * <p>Every new message looks up its {@value MinHash#BANDS} band terms in every segment ({@link NearDuplicates}), and
 * most of those terms are in no segment, or in only a few: band terms are hashes, nearly all of them unique. Without
 * the filter each lookup loads and decompresses a block of the terms dictionary to find that out, which was the
 * largest single cost of taking in a message. The filter answers "not here" from a few bits in memory; about
 * {@value #FALSE_POSITIVES} of absent terms still go to the dictionary. It is held in heap: about 12 bytes per message
 * (394 KB for the 32,494 messages of a bench run), 12 MB per million.
 *
 * <p>The codec keeps the default codec's name, so the index stays readable by Lucene's default codec; segments
 * written with the filter need {@code lucene-codecs} (its {@code BloomFilter} postings format) on the class path.
 * Segments written before keep their format until merged.
 */
final class ReportCodec {

    /** Target share of absent terms that the filter lets through to the terms dictionary. */
    static final float FALSE_POSITIVES = 0.1f;

    private ReportCodec() {
    }

    static Codec create() {
        PostingsFormat bands = new BloomFilteringPostingsFormat(new Lucene912PostingsFormat(), new BandFilters());
        return new Lucene912Codec() {
            @Override
            public PostingsFormat getPostingsFormatForField(String field) {
                return ReportFields.LSH_BAND.equals(field) ? bands : super.getPostingsFormatForField(field);
            }
        };
    }

    /**
     * Lucene's default filters, but sized for {@value MinHash#BANDS} terms per document (the default assumes one, as
     * for a primary key, and would be saturated); shrunk to what was added, and left out when saturated, as by default.
     */
    private static final class BandFilters extends DefaultBloomFilterFactory {

        /** Largest number of terms a filter is sized for (about 120 MB of bits; beyond, its bit count overflows). */
        private static final int MAX_TERMS = 100_000_000;

        @Override
        public FuzzySet getSetForField(SegmentWriteState state, FieldInfo info) {
            long terms = (long) state.segmentInfo.maxDoc() * MinHash.BANDS;
            return FuzzySet.createOptimalSet((int) Math.max(1, Math.min(terms, MAX_TERMS)), FALSE_POSITIVES);
        }
    }
}
