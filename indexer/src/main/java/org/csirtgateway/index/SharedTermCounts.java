package org.csirtgateway.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
 * top documents of a disjunction of constant-score term queries sorted by score, then by message id (see
 * {@code CandidateSearchTest}) without what Lucene's scoring costs here: a scorer per term and segment, a priority
 * queue step per posting (WAND), or a 32 KB scoring window allocated per segment (MaxScore). Equal counts are decided
 * by message id, not by document number, so that the same messages give the same candidates however the index was
 * built (live, rebuilt, filled again after a crash: documents are numbered in another order).
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
     * The (at most) {@code limit} documents having the most of the terms (by field), best first, as reader-wide
     * document numbers; of those having as many, the earliest messages ({@link MessageIds}). None of the documents
     * having {@code excludeField}:{@code excludeValue} (when not null), none of a message not {@code before} (when not
     * null), none deleted.
     */
    List<Integer> top(IndexSearcher searcher, Map<String, List<String>> termsByField, String excludeField,
                      String excludeValue, MessageIds.Before before, int limit) throws IOException {
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
            // The documents that may be kept: sharing more terms than the worst kept, or as many (then the message ids
            // decide, which are read in document order, as doc values are read). Most are not.
            int least = best.leastCountKept();
            int mayKeep = 0;
            boolean inOrder = true;
            for (int i = 0; i < found; i++) {
                int doc = touched[i];
                if (counts[doc] >= least && (live == null || live.get(doc))) {
                    inOrder &= mayKeep == 0 || touched[mayKeep - 1] < doc;
                    touched[mayKeep++] = doc;
                } else {
                    counts[doc] = 0; // clean for the next segment and search
                }
            }
            if (!inOrder) {
                Arrays.sort(touched, 0, mayKeep);
            }
            MessageIds.Segment ids = new MessageIds.Segment(segment.reader());
            for (int i = 0; i < mayKeep; i++) {
                int doc = touched[i];
                int count = counts[doc];
                counts[doc] = 0;
                if (count < best.leastCountKept()) {
                    continue;
                }
                long id = ids.id(doc);
                String key = id == MessageIds.NOT_AN_ID ? ids.key(doc) : null;
                // (the exclusion is asked only of a document that would be kept)
                if (best.wouldKeep(count, id, key) && (before == null || before.admits(id, key))) {
                    best.offer(count, id, key, segment.docBase + doc);
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
     * The best documents seen so far: most terms first, then the earliest message ({@link MessageIds}), whatever their
     * document numbers. Kept worst first.
     */
    private static final class Best {

        private final int[] counts;
        private final long[] ids;
        /** Keys, only of messages whose key is not a message id (their order among themselves). */
        private final String[] keys;
        private final int[] docs;
        private int size;

        Best(int limit) {
            counts = new int[limit];
            ids = new long[limit];
            keys = new String[limit];
            docs = new int[limit];
        }

        /** The fewest terms a document must share to be kept now. */
        int leastCountKept() {
            return size < counts.length ? 1 : counts.length == 0 ? Integer.MAX_VALUE : counts[0];
        }

        /** Whether {@link #offer} would keep this document now. */
        boolean wouldKeep(int count, long id, String key) {
            return size < counts.length || (counts.length > 0 && compareWith(0, count, id, key) > 0);
        }

        /** Positive when the document described is better than the one kept at {@code i}. */
        private int compareWith(int i, int count, long id, String key) {
            if (count != counts[i]) {
                return Integer.compare(count, counts[i]);
            }
            return -MessageIds.compare(id, key, ids[i], keys[i]);
        }

        void offer(int count, long id, String key, int doc) {
            int i;
            if (size < counts.length) {
                i = size++;
                for (; i > 0 && compareWith(i - 1, count, id, key) < 0; i--) { // down past the better ones
                    move(i - 1, i);
                }
            } else if (wouldKeep(count, id, key)) {
                i = 0; // instead of the worst
                for (; i + 1 < size && compareWith(i + 1, count, id, key) > 0; i++) { // up past the worse ones
                    move(i + 1, i);
                }
            } else {
                return;
            }
            counts[i] = count;
            ids[i] = id;
            keys[i] = key;
            docs[i] = doc;
        }

        private void move(int from, int to) {
            counts[to] = counts[from];
            ids[to] = ids[from];
            keys[to] = keys[from];
            docs[to] = docs[from];
        }

        /** The documents kept, best first. */
        List<Integer> documents() {
            List<Integer> documents = new ArrayList<>(size);
            for (int i = size - 1; i >= 0; i--) {
                documents.add(docs[i]);
            }
            return documents;
        }
    }
}
