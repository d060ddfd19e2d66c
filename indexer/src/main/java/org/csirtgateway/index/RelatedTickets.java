package org.csirtgateway.index;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.document.LongField;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;

/** The analyst's lookup "who else mentioned this?": tickets by indicator, and a ticket's own indicators. */
final class RelatedTickets {

    /** Most messages of one ticket read for its indicators. */
    private static final int MAX_MESSAGES_PER_TICKET = 1_000;

    private RelatedTickets() {
    }

    static List<RelatedTicket> find(IndexSearcher searcher, Indicator indicator, Instant from, Instant to,
            String excludeTicket, int limit) throws IOException {
        BooleanQuery.Builder query = new BooleanQuery.Builder()
                .add(new TermQuery(new Term(indicator.type(), indicator.value())), BooleanClause.Occur.FILTER);
        long lower = from == null ? Long.MIN_VALUE : from.toEpochMilli();
        long upper = to == null ? Long.MAX_VALUE : to.toEpochMilli() - 1;
        query.add(LongField.newRangeQuery(ReportFields.RECEIVED, lower, upper), BooleanClause.Occur.FILTER);
        if (excludeTicket != null) {
            query.add(new TermQuery(new Term(ReportFields.TICKET, excludeTicket)), BooleanClause.Occur.MUST_NOT);
        }
        List<RelatedTicket> related = new ArrayList<>();
        for (TicketGrouping.TicketMatch match : TicketGrouping.rank(searcher, query.build(),
                SearchRequest.Sort.NEWEST)) {
            if (related.size() >= limit) {
                break;
            }
            related.add(new RelatedTicket(match.ticketId(), Instant.ofEpochMilli(match.newestReceived())));
        }
        return related;
    }

    static List<Indicator> indicatorsOf(IndexSearcher searcher, String ticketId) throws IOException {
        TopDocs docs = searcher.search(new TermQuery(new Term(ReportFields.TICKET, ticketId)),
                MAX_MESSAGES_PER_TICKET);
        Set<Indicator> indicators = new LinkedHashSet<>();
        StoredFields stored = searcher.storedFields();
        for (ScoreDoc doc : docs.scoreDocs) {
            indicators.addAll(NearDuplicates.storedIndicators(stored, doc.doc));
        }
        return List.copyOf(indicators);
    }
}
