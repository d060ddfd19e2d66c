package org.csirtgateway.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.IndexSearcher;

/**
 * Finds the messages of other tickets that report the same incident as a new message.
 *
 * <p>Candidates come from two exact-term lookups in the index, so the cost does not grow with the archive: messages
 * sharing a MinHash LSH band with the new text (similar wording, see {@link MinHash}) and messages sharing one of
 * its indicators (the same URL or IP reported in other words). At most {@value #CANDIDATES} of each, those sharing
 * the most (of those sharing as many, the earliest messages: see {@link MessageIds}), are scored by {@link #score}.
 */
final class NearDuplicates {

    /** Candidates read per lookup (bands, indicators). */
    static final int CANDIDATES = 40;

    /** Most indicators of the new message used to find candidates. */
    static final int MAX_INDICATOR_TERMS = 64;

    /**
     * Counters not in use (their arrays are kept between lookups): as many as lookups have run at once, one per
     * intake thread or web request searching at the same time.
     */
    private final ConcurrentLinkedDeque<SharedTermCounts> idleCounters = new ConcurrentLinkedDeque<>();

    List<SimilarMessage> find(IndexSearcher searcher, IndexedMessage message, TextFeatures features,
                              String excludeTicket, double minScore) throws IOException {
        return find(searcher, message, features, excludeTicket, null, minScore);
    }

    /**
     * As {@link #find(IndexSearcher, IndexedMessage, TextFeatures, String, double)}, only among the messages
     * {@code before} one (all when null): the others are left out when the candidates are chosen, so they take no
     * candidate's place.
     */
    List<SimilarMessage> find(IndexSearcher searcher, IndexedMessage message, TextFeatures features,
                              String excludeTicket, MessageIds.Before before, double minScore) throws IOException {
        MinHash.Signature signature = features.signature();
        Set<String> words = features.vocabulary();
        Set<Indicator> indicators = new LinkedHashSet<>(message.indicators());
        Set<Integer> docs = new LinkedHashSet<>();
        if (signature != null) {
            docs.addAll(topSharing(searcher, Map.of(ReportFields.LSH_BAND, signature.bandKeys()), excludeTicket,
                    before));
        }
        if (!indicators.isEmpty()) {
            Map<String, List<String>> byType = new LinkedHashMap<>();
            indicators.stream().limit(MAX_INDICATOR_TERMS).forEach(indicator ->
                    byType.computeIfAbsent(indicator.type(), type -> new ArrayList<>()).add(indicator.value()));
            docs.addAll(topSharing(searcher, byType, excludeTicket, before));
        }
        Map<Integer, CandidateFeatures> candidates = CandidateFeatures.read(searcher, docs);
        long[] mine = CandidateFeatures.indicatorHashes(indicators);
        long[] myWords = null;
        Map<String, SimilarMessage> bestPerTicket = new HashMap<>();
        for (int doc : docs) {
            CandidateFeatures candidate = candidates.get(doc);
            MinHash.Signature other = candidate.signature();
            double text = signature == null || other == null ? 0 : signature.similarity(other);
            int shared = candidate.sharedIndicators(mine);
            double overlap = containment(shared, mine.length, candidate.indicatorCount());
            double jaccard = overlap > 0 ? jaccard(shared, mine.length, candidate.indicatorCount()) : overlap;
            double vocabulary = 0;
            if (overlap > 0) {
                // only needed when indicators are shared: do the two texts speak of the same thing?
                myWords = myWords != null ? myWords : CandidateFeatures.wordHashes(words);
                vocabulary = candidate.vocabularyJaccard(myWords);
            }
            double score = score(text, overlap, jaccard, vocabulary);
            if (score < minScore) {
                continue;
            }
            String ticket = candidate.ticket();
            SimilarMessage similar = new SimilarMessage(ticket, candidate.key(), score, text, overlap);
            bestPerTicket.merge(ticket, similar, NearDuplicates::better);
        }
        List<SimilarMessage> result = new ArrayList<>(bestPerTicket.values());
        result.sort(Comparator.comparingDouble(SimilarMessage::score).reversed()
                .thenComparing(SimilarMessage::ticketId));
        return result;
    }

    /** The better of two messages of one ticket: the higher score; of equal scores, the earlier message. */
    private static SimilarMessage better(SimilarMessage a, SimilarMessage b) {
        if (a.score() != b.score()) {
            return a.score() > b.score() ? a : b;
        }
        return MessageIds.compare(a.messageKey(), b.messageKey()) <= 0 ? a : b;
    }

    /**
     * The combined score of a candidate, 0..1: the larger of two kinds of evidence.
     *
     * <ul>
     *   <li>Either message has no indicators: the text similarity (MinHash estimate) alone.</li>
     *   <li>Text evidence: the text similarity, discounted by how few indicators the two share, down to 0.4 of it
     *       when they share none. Alike texts about other indicators are the same template about another
     *       incident (the same phishing kit against another bank, the same scanner report about another IP, two
     *       leaks on the same paste site).</li>
     *   <li>Indicator evidence: how far the indicator sets agree (the geometric mean of their Jaccard similarity
     *       and the containment of the smaller in the larger, so that one shared hosting IP is weak and another
     *       reporter's extra indicator costs little), weighted by how much topical vocabulary the texts share:
     *       another reporter's own words about the same URLs and IPs count, an unrelated report that merely
     *       mentions the same IP does not.</li>
     * </ul>
     *
     * @param text             estimated Jaccard similarity of the word shingles
     * @param containment      share of the smaller indicator set found in the larger, or -1 when either has none
     * @param indicatorJaccard Jaccard similarity of the indicator sets (-1 when either has none)
     * @param vocabulary       Jaccard similarity of the two texts' topical words ({@link #vocabulary})
     */
    static double score(double text, double containment, double indicatorJaccard, double vocabulary) {
        if (containment < 0) {
            return text;
        }
        double agreement = Math.sqrt(Math.max(0, containment) * Math.max(0, indicatorJaccard));
        double textEvidence = text * (0.4 + 0.6 * agreement);
        double indicatorEvidence = agreement * Math.min(1, 0.5 + vocabulary);
        return Math.max(textEvidence, indicatorEvidence);
    }

    /** Common words that say nothing about an incident. */
    private static final Set<String> STOP_WORDS = Set.of("the", "and", "for", "from", "with", "this", "that", "have",
            "has", "been", "are", "was", "were", "our", "your", "you", "we", "it", "its", "is", "in", "on", "of", "to",
            "at", "by", "an", "a", "as", "be", "or", "please", "can", "could", "would", "will", "there", "their",
            "they", "them", "which", "who", "all", "any", "some", "also", "since", "into", "about", "may", "more");

    /**
     * The topical words of normalised text: Latin words of three letters or more that are not stop words, and for
     * Japanese the pairs of adjacent CJK characters (single characters are mostly particles).
     */
    static Set<String> vocabulary(String normalised) {
        return vocabularyOfWords(ReportText.words(normalised));
    }

    /** {@link #vocabulary} of normalised text given as its {@link ReportText#words}. */
    static Set<String> vocabularyOfWords(List<String> normalisedWords) {
        Set<String> words = new HashSet<>();
        String previousCjk = null;
        for (String word : normalisedWords) {
            int first = word.codePointAt(0);
            // (ASCII: its letters are Latin, its digits digits and the rest of it neither; spares the script lookup)
            boolean cjk = word.length() <= 2 && (first < 0x80 ? !Character.isLetterOrDigit(first)
                    : Character.UnicodeScript.of(first) != Character.UnicodeScript.LATIN
                    && !Character.isDigit(first));
            if (cjk) {
                if (previousCjk != null) {
                    words.add(previousCjk + word);
                }
                previousCjk = word;
            } else {
                previousCjk = null;
                if (word.length() >= 3 && !STOP_WORDS.contains(word)) {
                    words.add(word);
                }
            }
        }
        return words;
    }

    /**
     * Jaccard similarity of sets of {@code a} and {@code b} distinct items sharing {@code shared}; 0 if one is empty.
     */
    static double jaccard(int shared, int a, int b) {
        return a == 0 || b == 0 ? 0 : shared / (double) (a + b - shared);
    }

    /**
     * Containment of the smaller indicator set in the larger (shared / size of the smaller), or -1 when either is
     * empty (nothing to compare): another reporter who adds what only they saw still contains the incident's
     * indicators.
     */
    static double containment(int shared, int a, int b) {
        return a == 0 || b == 0 ? -1 : shared / (double) Math.min(a, b);
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

    /**
     * The {@value #CANDIDATES} documents having the most of the terms (by field), none of {@code excludeTicket}; of
     * those having as many, the earliest messages ({@link MessageIds}).
     */
    List<Integer> topSharing(IndexSearcher searcher, Map<String, List<String>> termsByField, String excludeTicket)
            throws IOException {
        return topSharing(searcher, termsByField, excludeTicket, null);
    }

    /** As {@link #topSharing(IndexSearcher, Map, String)}, only among the messages {@code before} one (if not null). */
    List<Integer> topSharing(IndexSearcher searcher, Map<String, List<String>> termsByField, String excludeTicket,
                             MessageIds.Before before) throws IOException {
        SharedTermCounts counter = idleCounters.poll();
        if (counter == null) {
            counter = new SharedTermCounts();
        }
        try {
            return counter.top(searcher, termsByField, ReportFields.TICKET, excludeTicket, before, CANDIDATES);
        } finally {
            idleCounters.push(counter);
        }
    }
}
