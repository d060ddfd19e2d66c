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
    /** How many of a segment's documents share each number of terms. */
    private final int[] histogram = new int[MAX_TERMS + 1];
    /** Whether the documents {@link #keepAtLeast} kept are in document order. */
    private boolean inOrder;

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
            // The documents that may be kept. None when no message of the segment is before the one looked up. Else
            // those sharing more terms than the worst kept, or as many when the segment has messages before it; and,
            // when all of the segment's messages count, no fewer than the limit-th most of these and those kept
            // (documents sharing fewer have at least `limit` better ones). Message ids decide between equal counts:
            // they are read of these documents only, in document order, as doc values are read.
            MessageIds.Segment ids = new MessageIds.Segment(segment.reader());
            long leastId = ids.leastId();
            int least = before != null && !before.mayAdmitFrom(leastId) ? Integer.MAX_VALUE
                    : best.leastCountKept(leastId);
            Arrays.fill(histogram, 0);
            int mayKeep = keepAtLeast(least, found, live, histogram);
            if (least != Integer.MAX_VALUE && (before == null || before.admitsAllUpTo(ids.greatestId()))) {
                int limitth = best.limitthCount(histogram, least);
                if (limitth > least) {
                    mayKeep = keepAtLeast(limitth, mayKeep, null, null);
                }
            }
            if (!inOrder) {
                Arrays.sort(touched, 0, mayKeep);
            }
            for (int i = 0; i < mayKeep; i++) {
                int doc = touched[i];
                int count = counts[doc];
                counts[doc] = 0;
                if (count < best.leastCountKept(leastId)) {
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

    /**
     * Keeps in {@code touched} the first {@code found} documents that share at least {@code least} terms and are live
     * (all when {@code live} is null), in their order, and sets the counts of the others to 0. Counts the documents
     * kept by the number of terms they share into {@code histogram}, when not null. Returns how many are kept, and
     * whether they are in document order in {@link #inOrder}.
     */
    private int keepAtLeast(int least, int found, Bits live, int[] histogram) {
        int kept = 0;
        inOrder = true;
        for (int i = 0; i < found; i++) {
            int doc = touched[i];
            int count = counts[doc];
            if (count >= least && (live == null || live.get(doc))) {
                inOrder &= kept == 0 || touched[kept - 1] < doc;
                touched[kept++] = doc;
                if (histogram != null) {
                    histogram[count]++;
                }
            } else {
                counts[doc] = 0; // clean for the next segment and search
            }
        }
        return kept;
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
     * document numbers. A heap with the worst kept on top: a better document takes its place in a few steps, in
     * whatever order the documents come.
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

        /**
         * The fewest terms a document must share to be kept now, when its message id is {@code leastId} or more
         * ({@link MessageIds.Segment#leastId}): as many as the worst kept if it may come before it, else one more.
         */
        int leastCountKept(long leastId) {
            if (size < counts.length) {
                return 1;
            }
            if (counts.length == 0) {
                return Integer.MAX_VALUE;
            }
            boolean mayComeFirst = leastId < ids[0] || (leastId == ids[0] && ids[0] == MessageIds.NOT_AN_ID);
            return mayComeFirst ? counts[0] : counts[0] + 1;
        }

        /**
         * The most terms shared that at least as many documents as are kept share, counting those kept and those
         * counted in {@code histogram} (by terms shared, all sharing {@code least} or more); {@code least} when there
         * are not enough.
         */
        int limitthCount(int[] histogram, int least) {
            for (int i = 0; i < size; i++) {
                histogram[counts[i]]++;
            }
            int atLeast = 0;
            for (int count = histogram.length - 1; count > least; count--) {
                atLeast += histogram[count];
                if (atLeast >= counts.length) {
                    return count;
                }
            }
            return least;
        }

        /** Whether {@link #offer} would keep this document now. */
        boolean wouldKeep(int count, long id, String key) {
            return size < counts.length || (counts.length > 0 && compare(count, id, key, 0) > 0);
        }

        void offer(int count, long id, String key, int doc) {
            if (!wouldKeep(count, id, key)) {
                return;
            }
            if (size < counts.length) {
                int i = size++;
                for (int parent = (i - 1) / 2; i > 0 && compare(count, id, key, parent) < 0; parent = (i - 1) / 2) {
                    set(i, parent); // a better parent goes down
                    i = parent;
                }
                set(i, count, id, key, doc);
                return;
            }
            int i = 0; // instead of the worst
            for (int child = 1; child < size; child = 2 * i + 1) {
                if (child + 1 < size && worse(child + 1, child)) {
                    child++;
                }
                if (compare(count, id, key, child) <= 0) {
                    break;
                }
                set(i, child); // a worse child comes up
                i = child;
            }
            set(i, count, id, key, doc);
        }

        /** Positive when the document described is better than the one kept at {@code i}. */
        private int compare(int count, long id, String key, int i) {
            if (count != counts[i]) {
                return Integer.compare(count, counts[i]);
            }
            return -MessageIds.compare(id, key, ids[i], keys[i]);
        }

        private boolean worse(int i, int j) {
            return compare(counts[i], ids[i], keys[i], j) < 0;
        }

        private void set(int to, int from) {
            set(to, counts[from], ids[from], keys[from], docs[from]);
        }

        private void set(int i, int count, long id, String key, int doc) {
            counts[i] = count;
            ids[i] = id;
            keys[i] = key;
            docs[i] = doc;
        }

        /** The documents kept, best first. */
        List<Integer> documents() {
            Integer[] order = new Integer[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> compare(counts[b], ids[b], keys[b], a));
            List<Integer> documents = new ArrayList<>(size);
            for (int i : order) {
                documents.add(docs[i]);
            }
            return documents;
        }
    }
}
