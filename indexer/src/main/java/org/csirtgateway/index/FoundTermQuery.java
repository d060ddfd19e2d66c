package org.csirtgateway.index;

import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.ConstantScoreScorer;
import org.apache.lucene.search.ConstantScoreWeight;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;

/**
 * The documents of one term, scoring 1 each (as a constant-score term query does), from postings that the caller
 * already looked up in each segment of the searcher's reader. A term query would look the term up again in every
 * segment, and behind a Bloom filter ({@link ReportCodec}) that second lookup is a whole new seek. Single use: the
 * postings are consumed by the one search that runs it; the search must use the reader they were read from.
 */
final class FoundTermQuery extends Query {

    private final Term term;
    private final PostingsEnum[] postingsBySegment;

    /**
     * @param postingsBySegment the term's postings in each segment by its ordinal among the reader's leaves, null
     *                          where the segment does not have the term
     */
    FoundTermQuery(Term term, PostingsEnum[] postingsBySegment) {
        this.term = term;
        this.postingsBySegment = postingsBySegment;
    }

    @Override
    public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) {
        return new ConstantScoreWeight(this, boost) {
            @Override
            public Scorer scorer(LeafReaderContext segment) {
                PostingsEnum postings = postingsBySegment[segment.ord];
                if (postings == null) {
                    return null;
                }
                // (Lucene may ask twice for a segment's scorer before it iterates one of them: fine while unread)
                if (postings.docID() != -1) {
                    throw new IllegalStateException("The postings of " + term + " were read already: single use");
                }
                return new ConstantScoreScorer(this, score(), scoreMode, postings);
            }

            @Override
            public boolean isCacheable(LeafReaderContext segment) {
                return false;
            }
        };
    }

    @Override
    public void visit(QueryVisitor visitor) {
        if (visitor.acceptField(term.field())) {
            visitor.consumeTerms(this, term);
        }
    }

    @Override
    public String toString(String field) {
        return "found(" + term + ")";
    }

    @Override
    public boolean equals(Object other) {
        return this == other; // single use: two of them are never the same search
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    /** Whether any segment has the term. */
    static boolean anywhere(PostingsEnum[] postingsBySegment) {
        for (PostingsEnum postings : postingsBySegment) {
            if (postings != null) {
                return true;
            }
        }
        return false;
    }
}
