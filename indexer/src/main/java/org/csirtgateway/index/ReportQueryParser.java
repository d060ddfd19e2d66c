package org.csirtgateway.index;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.LongField;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;

/**
 * Turns an analyst's query (Lucene classic syntax) into a Lucene query.
 *
 * <p>Terms without a field search subject, body and from, subject matches weighing double. All terms must match
 * (default operator AND; write OR explicitly). A term that analysis splits into several tokens (a Japanese word, a
 * mail address) becomes a phrase. {@code received} takes UTC dates or instants: {@code received:2026-03-01} is that
 * day, {@code received:[2026-01-01 TO 2026-12-31]} includes both end days, {@code *} leaves an end open.
 *
 * <p>Thread-safe: a Lucene parser is not, so one is made per query (cheap).
 */
final class ReportQueryParser {

    /** Longer queries are refused: nobody types them, and they cost parsing and highlighting time. */
    static final int MAX_QUERY_CHARS = 2_000;

    private static final Map<String, Float> BOOSTS = Map.of(
            ReportFields.SUBJECT, 2f, ReportFields.BODY, 1f, ReportFields.FROM, 1f);

    private final Analyzer analyzer;

    ReportQueryParser(Analyzer analyzer) {
        this.analyzer = analyzer;
    }

    /** A blank query, or {@code *}, matches every message. */
    Query parse(String query) throws InvalidQueryException {
        if (query == null || query.isBlank() || query.strip().equals("*")) {
            return new MatchAllDocsQuery();
        }
        if (query.length() > MAX_QUERY_CHARS) {
            throw new InvalidQueryException(
                    "Query is too long: " + query.length() + " characters, at most " + MAX_QUERY_CHARS, null);
        }
        Parser parser = new Parser(analyzer);
        try {
            return parser.parse(query);
        } catch (ParseException e) {
            throw new InvalidQueryException(QueryErrors.describe(query, e), e);
        }
    }

    /** The classic multi-field parser with the {@code received} date field understood. */
    private static final class Parser extends MultiFieldQueryParser {

        Parser(Analyzer analyzer) {
            super(ReportFields.DEFAULT_FIELDS, analyzer, BOOSTS);
            setDefaultOperator(QueryParser.Operator.AND);
            // Each whitespace-separated term is analysed alone, and one that yields several tokens (the bigrams of a
            // Japanese word, the parts of a mail address) becomes a phrase rather than an OR of its parts.
            setSplitOnWhitespace(true);
            setAutoGeneratePhraseQueries(true);
        }

        @Override
        protected Query getFieldQuery(String field, String queryText, boolean quoted) throws ParseException {
            if (ReportFields.RECEIVED.equals(field)) {
                return receivedRange(queryText, queryText, true, true);
            }
            return super.getFieldQuery(field, queryText, quoted);
        }

        @Override
        protected Query getFieldQuery(String field, String queryText, int slop) throws ParseException {
            if (ReportFields.RECEIVED.equals(field)) {
                return receivedRange(queryText, queryText, true, true);
            }
            return super.getFieldQuery(field, queryText, slop);
        }

        @Override
        protected Query getRangeQuery(String field, String part1, String part2, boolean startInclusive,
                boolean endInclusive) throws ParseException {
            if (ReportFields.RECEIVED.equals(field)) {
                return receivedRange(part1, part2, startInclusive, endInclusive);
            }
            return super.getRangeQuery(field, part1, part2, startInclusive, endInclusive);
        }
    }

    /** A date covers its whole UTC day; an instant is exact; null is an open end. */
    private static Query receivedRange(String from, String to, boolean fromInclusive, boolean toInclusive)
            throws ParseException {
        long lower = Long.MIN_VALUE;
        if (from != null) {
            lower = fromInclusive ? startMillis(from) : Math.addExact(endMillis(from), 1);
        }
        long upper = Long.MAX_VALUE;
        if (to != null) {
            upper = toInclusive ? endMillis(to) : Math.subtractExact(startMillis(to), 1);
        }
        return LongField.newRangeQuery(ReportFields.RECEIVED, lower, upper);
    }

    /** First millisecond the value denotes. */
    private static long startMillis(String value) throws ParseException {
        if (isDate(value)) {
            return date(value).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        }
        return instant(value).toEpochMilli();
    }

    /** Last millisecond the value denotes. */
    private static long endMillis(String value) throws ParseException {
        if (isDate(value)) {
            return date(value).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() - 1;
        }
        return instant(value).toEpochMilli();
    }

    private static boolean isDate(String value) {
        return value.indexOf('T') < 0;
    }

    private static LocalDate date(String value) throws ParseException {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeException e) {
            throw badDate(value);
        }
    }

    private static Instant instant(String value) throws ParseException {
        try {
            return Instant.parse(value);
        } catch (DateTimeException e) {
            throw badDate(value);
        }
    }

    private static ParseException badDate(String value) {
        return new QueryErrors.ReadableParseException("'" + QueryErrors.excerpt(value, 0)
                + "' is not a date: write received:2026-03-01 or received:[2026-01-01 TO 2026-03-31]");
    }
}
