package org.csirtgateway.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

/**
 * The documents sharing the most of a set of terms, counted: in each segment the postings of every term it has are
 * walked once and each document's count kept in an array reused from search to search. The result is the same as the
 * top documents of a disjunction of constant-score term queries (most terms shared first, then index order; see
 * {@code CandidateSearchTest}) without what Lucene's scoring costs here: a scorer per term and segment, a priority
 * queue step per posting (WAND), or a 32 KB scoring window allocated per segment (MaxScore).
 *
 * <p>Each term is looked up once per segment through one terms enumeration walked in term order (a term query would
 * open a new enumeration per term and segment and walk the terms index from its root each time).
 *
 * <p>Not thread-safe: an instance serves one search at a time and keeps its arrays (about 5 bytes per document of the
 * largest segment searched) for the next.
 */
final class SharedTermCounts {

    /** Most distinct terms one search counts (counts are bytes). */
    static final int MAX_TERMS = Byte.MAX_VALUE;

    private byte[] counts = new byte[0];
    private int[] touched = new int[256];

    /**
     * The (at most) {@code limit} documents having the most of the terms (by field), as reader-wide document numbers;
     * none of the documents having {@code excludeField}:{@code excludeValue} (when not null), none that
     * {@code excludedDoc} names (reader-wide numbers, when not null), none deleted.
     */
    List<Integer> top(IndexSearcher searcher, Map<String, List<String>> termsByField, String excludeField,
                      String excludeValue, IntPredicate excludedDoc, int limit) throws IOException {
        List<Map.Entry<String, BytesRef[]>> fields = new ArrayList<>();
        int termCount = 0;
        for (Map.Entry<String, List<String>> field : termsByField.entrySet()) {
            BytesRef[] sorted = field.getValue().stream().distinct().map(BytesRef::new).sorted()
                    .toArray(BytesRef[]::new);
            termCount += sorted.length;
            fields.add(Map.entry(field.getKey(), sorted));
        }
        if (termCount > MAX_TERMS) {
            throw new IllegalArgumentException("At most " + MAX_TERMS + " terms are counted at once, not " + termCount);
        }
        BytesRef excluded = excludeValue == null ? null : new BytesRef(excludeValue);
        Best best = new Best(limit);
        PostingsEnum postings = null;
        for (LeafReaderContext segment : searcher.getTopReaderContext().leaves()) {
            int maxDoc = segment.reader().maxDoc();
            if (counts.length < maxDoc) {
                counts = new byte[maxDoc];
            }
            int found = 0;
            for (Map.Entry<String, BytesRef[]> field : fields) {
                Terms terms = segment.reader().terms(field.getKey());
                if (terms == null) {
                    continue;
                }
                TermsEnum enumeration = terms.iterator();
                for (BytesRef term : field.getValue()) {
                    if (!enumeration.seekExact(term)) {
                        continue;
                    }
                    postings = enumeration.postings(postings, PostingsEnum.NONE);
                    for (int doc = postings.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.nextDoc()) {
                        if (counts[doc]++ == 0) {
                            if (found == touched.length) {
                                touched = Arrays.copyOf(touched, touched.length * 2);
                            }
                            touched[found++] = doc;
                        }
                    }
                }
            }
            if (found == 0) {
                continue;
            }
            if (excluded != null) {
                postings = clear(segment, excludeField, excluded, postings);
            }
            Bits live = segment.reader().getLiveDocs();
            for (int i = 0; i < found; i++) {
                int doc = touched[i];
                int count = counts[doc];
                counts[doc] = 0; // clean for the next segment and search
                // (the exclusion is asked only of a document that would be kept: most are not)
                if (count > 0 && (live == null || live.get(doc)) && best.wouldKeep(count, segment.docBase + doc)
                        && (excludedDoc == null || !excludedDoc.test(segment.docBase + doc))) {
                    best.offer(count, segment.docBase + doc);
                }
            }
        }
        return best.documents();
    }

    /** Sets the counts of the segment's documents having the term to 0 (they are still cleared as touched). */
    private PostingsEnum clear(LeafReaderContext segment, String field, BytesRef term, PostingsEnum reuse)
            throws IOException {
        Terms terms = segment.reader().terms(field);
        if (terms == null) {
            return reuse;
        }
        TermsEnum enumeration = terms.iterator();
        if (!enumeration.seekExact(term)) {
            return reuse;
        }
        PostingsEnum postings = enumeration.postings(reuse, PostingsEnum.NONE);
        for (int doc = postings.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.nextDoc()) {
            counts[doc] = 0;
        }
        return postings;
    }

    /**
     * The best documents seen so far: most terms first, then the lowest document number, as Lucene ranks equal
     * scores. Each is one long, count above and (max - document) below, so that larger means better.
     */
    private static final class Best {

        private final long[] keys;
        private int size;

        Best(int limit) {
            keys = new long[limit];
        }

        /** Whether {@link #offer} would keep this document now. */
        boolean wouldKeep(int count, int doc) {
            return size < keys.length || (keys.length > 0 && key(count, doc) > keys[0]);
        }

        private static long key(int count, int doc) {
            return ((long) count << 32) | (Integer.MAX_VALUE - doc);
        }

        void offer(int count, int doc) {
            long key = key(count, doc);
            if (size < keys.length) {
                keys[size++] = key;
                if (size == keys.length) {
                    Arrays.sort(keys); // ascending: keys[0] is the worst kept
                }
                return;
            }
            if (keys.length == 0 || key <= keys[0]) {
                return;
            }
            keys[0] = key;
            for (int i = 0; i + 1 < keys.length && keys[i] > keys[i + 1]; i++) { // back into order
                long swap = keys[i];
                keys[i] = keys[i + 1];
                keys[i + 1] = swap;
            }
        }

        List<Integer> documents() {
            long[] sorted = Arrays.copyOf(keys, size);
            Arrays.sort(sorted);
            List<Integer> documents = new ArrayList<>(size);
            for (int i = sorted.length - 1; i >= 0; i--) {
                documents.add(Integer.MAX_VALUE - (int) sorted[i]);
            }
            return documents;
        }
    }
}
