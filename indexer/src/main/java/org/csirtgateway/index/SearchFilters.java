package org.csirtgateway.index;

import java.util.Locale;
import org.apache.lucene.document.LongField;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/** Adds the UI's filters to a parsed query as non-scoring FILTER clauses (they narrow, they do not rank). */
final class SearchFilters {

    private SearchFilters() {
    }

    static Query apply(Query query, SearchRequest request) {
        if (!request.hasFilters()) {
            return query;
        }
        BooleanQuery.Builder builder = new BooleanQuery.Builder().add(query, BooleanClause.Occur.MUST);
        if (request.status().equalsIgnoreCase(SearchRequest.OPEN)) {
            builder.add(new TermQuery(new Term(ReportFields.STATUS, "resolved")), BooleanClause.Occur.MUST_NOT);
        } else {
            exact(builder, ReportFields.STATUS, request.status());
        }
        exact(builder, ReportFields.CATEGORY, request.category());
        exact(builder, ReportFields.CHANNEL, request.channel());
        exact(builder, ReportFields.INDICATOR_TYPE, request.indicatorType());
        if (request.receivedFrom() != null || request.receivedTo() != null) {
            long from = request.receivedFrom() == null ? Long.MIN_VALUE : request.receivedFrom().toEpochMilli();
            long to = request.receivedTo() == null ? Long.MAX_VALUE : request.receivedTo().toEpochMilli() - 1;
            builder.add(LongField.newRangeQuery(ReportFields.RECEIVED, from, to), BooleanClause.Occur.FILTER);
        }
        return builder.build();
    }

    private static void exact(BooleanQuery.Builder builder, String field, String value) {
        if (!value.isEmpty()) {
            builder.add(new TermQuery(new Term(field, value.toLowerCase(Locale.ROOT))), BooleanClause.Occur.FILTER);
        }
    }
}
