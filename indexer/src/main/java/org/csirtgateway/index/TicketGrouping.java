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
        return rank(searcher, query, sort, Integer.MAX_VALUE).ranked();
    }

    /**
     * The first {@code top} tickets matching the query in the given order, and how many matched in all. Only the
     * first {@code top} are ordered (a bounded heap), so a page of a query matching most of a million messages
     * costs one pass over the matches, not a sort of all of them.
     */
    static Ranking rank(IndexSearcher searcher, Query query, SearchRequest.Sort sort, int top) throws IOException {
        Map<String, TicketMatch> tickets = searcher.search(query, new Manager());
        Comparator<TicketMatch> order = switch (sort) {
            case RELEVANCE -> RANKING;
            case NEWEST -> NEWEST;
            case OLDEST -> OLDEST;
        };
        if (top >= tickets.size()) {
            List<TicketMatch> ranked = new ArrayList<>(tickets.values());
            ranked.sort(order);
            return new Ranking(tickets.size(), ranked);
        }
        java.util.PriorityQueue<TicketMatch> heap = new java.util.PriorityQueue<>(top + 1, order.reversed());
        for (TicketMatch match : tickets.values()) {
            heap.add(match);
            if (heap.size() > top) {
                heap.poll();
            }
        }
        List<TicketMatch> ranked = new ArrayList<>(heap);
        ranked.sort(order);
        return new Ranking(tickets.size(), ranked);
    }

    /** The first tickets of a ranking and the number of all matching tickets. */
    record Ranking(int total, List<TicketMatch> ranked) {
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

    /**
     * Collects per segment into arrays indexed by the segment's ticket ordinal (no allocation per matching message),
     * and turns the touched ordinals into {@link TicketMatch}es, merged by ticket id, when the segment is finished.
     */
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
                private final OrdSlots slots = new OrdSlots();

                @Override
                public void setScorer(Scorable scorer) {
                    this.scorer = scorer;
                }

                @Override
                public void collect(int doc) throws IOException {
                    if (!ticketIds.advanceExact(doc)) {
                        return; // not a message document: nothing to group it by
                    }
                    int ord = (int) ticketIds.nextOrd();
                    long when = received.advanceExact(doc) ? received.nextValue() : Long.MIN_VALUE;
                    slots.offer(ord, scorer.score(), docBase + doc, when);
                }

                @Override
                public void finish() throws IOException {
                    for (int slot = 0; slot < slots.size; slot++) {
                        String ticketId = ticketIds.lookupOrd(slots.ords[slot]).utf8ToString();
                        TicketMatch match = new TicketMatch(ticketId, slots.bestScore[slot], slots.bestDoc[slot],
                                slots.bestReceived[slot], slots.newestReceived[slot]);
                        tickets.merge(ticketId, match, TicketMatch::merge);
                    }
                }
            };
        }
    }

    /**
     * The best message per ticket ordinal of one segment: an open-addressing hash from ordinal to a slot of
     * parallel arrays, so memory grows with the matching tickets, not with the segment, and no object is made per
     * matching message.
     */
    private static final class OrdSlots {
        private int[] table = new int[64]; // slot + 1, 0 = empty
        int size;
        int[] ords = new int[32];
        float[] bestScore = new float[32];
        int[] bestDoc = new int[32];
        long[] bestReceived = new long[32];
        long[] newestReceived = new long[32];

        void offer(int ord, float score, int doc, long when) {
            int mask = table.length - 1;
            int i = mix(ord) & mask;
            while (table[i] != 0) {
                int slot = table[i] - 1;
                if (ords[slot] == ord) {
                    if (score > bestScore[slot] || (score == bestScore[slot] && when > bestReceived[slot])) {
                        bestScore[slot] = score;
                        bestDoc[slot] = doc;
                        bestReceived[slot] = when;
                    }
                    newestReceived[slot] = Math.max(newestReceived[slot], when);
                    return;
                }
                i = (i + 1) & mask;
            }
            if (size == ords.length) {
                int capacity = ords.length * 2;
                ords = java.util.Arrays.copyOf(ords, capacity);
                bestScore = java.util.Arrays.copyOf(bestScore, capacity);
                bestDoc = java.util.Arrays.copyOf(bestDoc, capacity);
                bestReceived = java.util.Arrays.copyOf(bestReceived, capacity);
                newestReceived = java.util.Arrays.copyOf(newestReceived, capacity);
            }
            ords[size] = ord;
            bestScore[size] = score;
            bestDoc[size] = doc;
            bestReceived[size] = when;
            newestReceived[size] = when;
            table[i] = ++size;
            if (size * 2 > table.length) {
                rehash();
            }
        }

        private void rehash() {
            int[] bigger = new int[table.length * 2];
            int mask = bigger.length - 1;
            for (int slot = 0; slot < size; slot++) {
                int i = mix(ords[slot]) & mask;
                while (bigger[i] != 0) {
                    i = (i + 1) & mask;
                }
                bigger[i] = slot + 1;
            }
            table = bigger;
        }

        private static int mix(int x) {
            x *= 0x9E3779B9;
            return x ^ (x >>> 16);
        }
    }
}
