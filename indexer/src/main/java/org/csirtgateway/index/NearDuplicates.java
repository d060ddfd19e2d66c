package org.csirtgateway.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;

/**
 * Finds the messages of other tickets that report the same incident as a new message.
 *
 * <p>Candidates come from two exact-term lookups in the index, so the cost does not grow with the archive: messages
 * sharing a MinHash LSH band with the new text (similar wording, see {@link MinHash}) and messages sharing one of
 * its indicators (the same URL or IP reported in other words). At most {@value #CANDIDATES} of each, those sharing
 * the most, are scored by {@link #score}.
 */
final class NearDuplicates {

    /** Candidates read per lookup (bands, indicators). */
    static final int CANDIDATES = 40;

    /** Most indicators of the new message used to find candidates. */
    static final int MAX_INDICATOR_TERMS = 64;

    private static final Set<String> CANDIDATE_FIELDS = Set.of(ReportFields.KEY, ReportFields.TICKET,
            ReportFields.MINHASH, ReportFields.STORED_INDICATORS, ReportFields.BODY);

    List<SimilarMessage> find(IndexSearcher searcher, IndexedMessage message, String excludeTicket, double minScore)
            throws IOException {
        String normalised = ReportText.normalise(message.body());
        MinHash.Signature signature = MinHash.of(normalised);
        Set<String> words = null;
        Set<Indicator> indicators = new LinkedHashSet<>(message.indicators());
        Set<Integer> docs = new LinkedHashSet<>();
        if (signature != null) {
            docs.addAll(top(searcher, anyOf(ReportFields.LSH_BAND, signature.bandKeys(), excludeTicket)));
        }
        if (!indicators.isEmpty()) {
            BooleanQuery.Builder any = new BooleanQuery.Builder();
            indicators.stream().limit(MAX_INDICATOR_TERMS).forEach(indicator -> any.add(new ConstantScoreQuery(
                    new TermQuery(new Term(indicator.type(), indicator.value()))), BooleanClause.Occur.SHOULD));
            exclude(any, excludeTicket);
            docs.addAll(top(searcher, any.build()));
        }
        StoredFields stored = searcher.storedFields();
        Map<String, SimilarMessage> bestPerTicket = new HashMap<>();
        for (int doc : docs) {
            Document candidate = stored.document(doc, CANDIDATE_FIELDS);
            BytesRef bytes = candidate.getBinaryValue(ReportFields.MINHASH);
            MinHash.Signature other = bytes == null ? null
                    : MinHash.Signature.fromBytes(bytes.bytes, bytes.offset, bytes.length);
            double text = signature == null || other == null ? 0 : signature.similarity(other);
            double overlap = overlap(indicators, indicators(candidate));
            double vocabulary = 0;
            if (overlap > 0) {
                // only needed when indicators are shared: do the two texts speak of the same thing?
                if (words == null) {
                    words = new HashSet<>(ReportText.words(normalised));
                }
                String body = candidate.get(ReportFields.BODY);
                vocabulary = jaccard(words, new HashSet<>(ReportText.words(ReportText.normalise(
                        body == null ? "" : body))));
            }
            double score = score(text, overlap, vocabulary);
            if (score < minScore) {
                continue;
            }
            String ticket = candidate.get(ReportFields.TICKET);
            SimilarMessage similar = new SimilarMessage(ticket, candidate.get(ReportFields.KEY), score, text, overlap);
            bestPerTicket.merge(ticket, similar, (a, b) -> a.score() >= b.score() ? a : b);
        }
        List<SimilarMessage> result = new ArrayList<>(bestPerTicket.values());
        result.sort(Comparator.comparingDouble(SimilarMessage::score).reversed()
                .thenComparing(SimilarMessage::ticketId));
        return result;
    }

    /**
     * The combined score of a candidate, 0..1.
     *
     * <ul>
     *   <li>Either message has no indicators: the text similarity (MinHash estimate) alone.</li>
     *   <li>Both have indicators but share none: another incident, however alike the text (a template re-used: the
     *       same phishing kit against another bank, the same scanner report about another IP). The score is capped
     *       at 0.4 of the text similarity.</li>
     *   <li>They share indicators: the larger of the text similarity and the indicator overlap (containment) weighted
     *       by how much vocabulary the two texts share, so that another reporter's own words about the same URLs and
     *       IPs count, while an unrelated report that merely mentions the same hosting IP does not.</li>
     * </ul>
     *
     * @param text             estimated Jaccard similarity of the word shingles
     * @param indicatorOverlap containment of the smaller indicator set in the larger, or -1 when either has none
     * @param vocabulary       Jaccard similarity of the two texts' word sets
     */
    static double score(double text, double indicatorOverlap, double vocabulary) {
        if (indicatorOverlap < 0) {
            return text;
        }
        if (indicatorOverlap == 0) {
            return 0.4 * text;
        }
        return Math.max(text, indicatorOverlap * Math.min(1, 0.45 + vocabulary));
    }

    static double jaccard(Set<String> a, Set<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return 0;
        }
        int shared = 0;
        for (String word : a) {
            if (b.contains(word)) {
                shared++;
            }
        }
        return shared / (double) (a.size() + b.size() - shared);
    }

    /**
     * Containment of the smaller indicator set in the larger (shared / size of the smaller), or -1 when either is
     * empty (nothing to compare): another reporter who adds what only they saw still contains the incident's
     * indicators.
     */
    static double overlap(Set<Indicator> a, Set<Indicator> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return -1;
        }
        int shared = 0;
        for (Indicator indicator : a) {
            if (b.contains(indicator)) {
                shared++;
            }
        }
        return shared / (double) Math.min(a.size(), b.size());
    }

    static Set<Indicator> indicators(Document doc) {
        Set<Indicator> indicators = new HashSet<>();
        for (IndexableField field : doc.getFields(ReportFields.STORED_INDICATORS)) {
            Indicator indicator = parse(field.stringValue());
            if (indicator != null) {
                indicators.add(indicator);
            }
        }
        return indicators;
    }

    static List<Indicator> storedIndicators(StoredFields stored, int doc) throws IOException {
        return new ArrayList<>(indicators(stored.document(doc, Set.of(ReportFields.STORED_INDICATORS))));
    }

    private static Indicator parse(String stored) {
        int space = stored == null ? -1 : stored.indexOf(' ');
        if (space <= 0) {
            return null;
        }
        try {
            return new Indicator(stored.substring(0, space), stored.substring(space + 1));
        } catch (IllegalArgumentException e) {
            return null; // written by a version knowing another type: not comparable
        }
    }

    private static Query anyOf(String field, List<String> terms, String excludeTicket) {
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        for (String term : terms) {
            any.add(new ConstantScoreQuery(new TermQuery(new Term(field, term))), BooleanClause.Occur.SHOULD);
        }
        exclude(any, excludeTicket);
        return any.build();
    }

    private static void exclude(BooleanQuery.Builder query, String excludeTicket) {
        if (excludeTicket != null) {
            query.add(new TermQuery(new Term(ReportFields.TICKET, excludeTicket)), BooleanClause.Occur.MUST_NOT);
        }
    }

    private static List<Integer> top(IndexSearcher searcher, Query query) throws IOException {
        List<Integer> docs = new ArrayList<>();
        for (ScoreDoc doc : searcher.search(query, CANDIDATES).scoreDocs) {
            docs.add(doc.doc);
        }
        return docs;
    }
}
