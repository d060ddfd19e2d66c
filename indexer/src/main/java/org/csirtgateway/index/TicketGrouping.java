package org.csirtgateway.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;

/**
 * Ranks tickets instead of messages: every matching message is visited once, and each ticket keeps its best score,
 * the document of its best message (for the snippet) and its newest matching message's time (to order equal
 * scores). Cost is linear in the number of matching messages and memory linear in the number of matching tickets,
 * which suits a CSIRT's archive (up to some million messages).
 */
final class TicketGrouping {

    /** Best first; equal scores newest first; then by ticket id so that paging is stable. */
    static final Comparator<TicketMatch> RANKING = Comparator.comparingDouble(TicketMatch::score).reversed()
            .thenComparing(Comparator.comparingLong(TicketMatch::newestReceived).reversed())
            .thenComparing(TicketMatch::ticketId);

    private TicketGrouping() {
    }

    /** Newest matching message first; then by ticket id so that paging is stable. */
    static final Comparator<TicketMatch> NEWEST = Comparator.comparingLong(TicketMatch::newestReceived).reversed()
            .thenComparing(TicketMatch::ticketId);

    /** Oldest (newest matching message) first; then by ticket id. */
    static final Comparator<TicketMatch> OLDEST = Comparator.comparingLong(TicketMatch::newestReceived)
            .thenComparing(TicketMatch::ticketId);

    /** All tickets with a message matching the query, ranked. */
    static List<TicketMatch> rank(IndexSearcher searcher, Query query) throws IOException {
        return rank(searcher, query, SearchRequest.Sort.RELEVANCE);
    }

    /** All tickets with a message matching the query, in the given order. */
    static List<TicketMatch> rank(IndexSearcher searcher, Query query, SearchRequest.Sort sort) throws IOException {
        Map<String, TicketMatch> tickets = searcher.search(query, new Manager());
        List<TicketMatch> ranked = new ArrayList<>(tickets.values());
        ranked.sort(switch (sort) {
            case RELEVANCE -> RANKING;
            case NEWEST -> NEWEST;
            case OLDEST -> OLDEST;
        });
        return ranked;
    }

    /**
     * A ticket's standing in one search.
     *
     * @param bestDoc         searcher-wide doc id of its best-scoring message (the newest of equals)
     * @param bestReceived    when that message was received
     * @param newestReceived  when its newest matching message was received
     */
    record TicketMatch(String ticketId, float score, int bestDoc, long bestReceived, long newestReceived) {

        TicketMatch merge(TicketMatch other) {
            boolean otherIsBest = other.score > score || (other.score == score && other.bestReceived > bestReceived);
            TicketMatch best = otherIsBest ? other : this;
            return new TicketMatch(ticketId, best.score, best.bestDoc, best.bestReceived,
                    Math.max(newestReceived, other.newestReceived));
        }
    }

    private static final class Manager implements CollectorManager<TicketCollector, Map<String, TicketMatch>> {
        @Override
        public TicketCollector newCollector() {
            return new TicketCollector();
        }

        @Override
        public Map<String, TicketMatch> reduce(Collection<TicketCollector> collectors) {
            Map<String, TicketMatch> all = new HashMap<>();
            for (TicketCollector collector : collectors) {
                collector.tickets.forEach((ticket, match) -> all.merge(ticket, match, TicketMatch::merge));
            }
            return all;
        }
    }

    private static final class TicketCollector implements Collector {
        private final Map<String, TicketMatch> tickets = new HashMap<>();

        @Override
        public ScoreMode scoreMode() {
            return ScoreMode.COMPLETE;
        }

        @Override
        public LeafCollector getLeafCollector(LeafReaderContext context) throws IOException {
            SortedSetDocValues ticketIds = DocValues.getSortedSet(context.reader(), ReportFields.TICKET);
            SortedNumericDocValues received = DocValues.getSortedNumeric(context.reader(), ReportFields.RECEIVED);
            int docBase = context.docBase;
            return new LeafCollector() {
                private Scorable scorer;

                @Override
                public void setScorer(Scorable scorer) {
                    this.scorer = scorer;
                }

                @Override
                public void collect(int doc) throws IOException {
                    if (!ticketIds.advanceExact(doc)) {
                        return; // not a message document: nothing to group it by
                    }
                    String ticketId = ticketIds.lookupOrd(ticketIds.nextOrd()).utf8ToString();
                    long when = received.advanceExact(doc) ? received.nextValue() : Long.MIN_VALUE;
                    TicketMatch match = new TicketMatch(ticketId, scorer.score(), docBase + doc, when, when);
                    tickets.merge(ticketId, match, TicketMatch::merge);
                }
            };
        }
    }
}
