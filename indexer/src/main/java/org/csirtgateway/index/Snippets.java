package org.csirtgateway.index;

import java.io.IOException;
import java.text.BreakIterator;
import java.util.Locale;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.uhighlight.LengthGoalBreakIterator;
import org.apache.lucene.search.uhighlight.Passage;
import org.apache.lucene.search.uhighlight.PassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;

/**
 * Cuts a short plain-text snippet of a message body around the best match ({@link UnifiedHighlighter}, reading the
 * offsets indexed with the body), or its beginning when the body has no match. No markup is inserted: the caller
 * escapes the text for its own output.
 */
final class Snippets {

    /** Longest snippet, in chars, ellipses included. */
    static final int MAX_CHARS = 200;

    /** The highlighter aims at passages of this length, split at word boundaries, the match a bit before centre. */
    private static final int PASSAGE_GOAL_CHARS = 160;

    /** Matches beyond this many chars of a body are not highlighted (the snippet falls back to its beginning). */
    private static final int MAX_HIGHLIGHTED_BODY_CHARS = 200_000;

    private static final String ELLIPSIS = "…";

    private final Analyzer analyzer;

    Snippets(Analyzer analyzer) {
        this.analyzer = analyzer;
    }

    /** One snippet per document, in the order of {@code docIds} (doc ids of {@code searcher}). */
    String[] of(IndexSearcher searcher, Query query, int[] docIds) throws IOException {
        if (docIds.length == 0) {
            return new String[0];
        }
        UnifiedHighlighter highlighter = UnifiedHighlighter.builder(searcher, analyzer)
                .withFormatter(new PlainFormatter())
                .withBreakIterator(() -> LengthGoalBreakIterator.createClosestToLength(
                        BreakIterator.getWordInstance(Locale.ROOT), PASSAGE_GOAL_CHARS, 0.4f))
                .withMaxLength(MAX_HIGHLIGHTED_BODY_CHARS)
                .withMaxNoHighlightPassages(0)
                .build();
        String[] snippets = highlighter.highlightFields(
                new String[] {ReportFields.BODY}, query, docIds, new int[] {1}).get(ReportFields.BODY);
        StoredFields stored = searcher.storedFields();
        for (int i = 0; i < docIds.length; i++) {
            if (snippets[i] == null || snippets[i].isEmpty()) {
                String body = stored.document(docIds[i], Set.of(ReportFields.BODY)).get(ReportFields.BODY);
                snippets[i] = beginning(body == null ? "" : body);
            }
        }
        return snippets;
    }

    /** The start of the body, when nothing in it matched. */
    static String beginning(String body) {
        String prefix = cut(body, 0, MAX_CHARS * 4);
        String text = oneLine(prefix);
        boolean truncated = prefix.length() < body.length() || text.length() > MAX_CHARS;
        return truncated ? cut(text, 0, MAX_CHARS - ELLIPSIS.length() - 1).strip() + " " + ELLIPSIS : text;
    }

    /** Formats the best passage as plain text: whitespace collapsed, ellipses where the body was cut. */
    private static final class PlainFormatter extends PassageFormatter {
        @Override
        public Object format(Passage[] passages, String content) {
            if (passages.length == 0) {
                return null;
            }
            Passage passage = passages[0];
            int start = passage.getStartOffset();
            int end = passage.getEndOffset();
            int budget = MAX_CHARS - 2 * ELLIPSIS.length() - 2;
            if (end - start > budget) {
                int firstMatch = passage.getNumMatches() > 0 ? passage.getMatchStarts()[0] : start;
                start = Math.max(start, Math.min(firstMatch - budget / 3, end - budget));
                end = start + budget;
            }
            String text = oneLine(cut(content, start, end));
            if (text.isEmpty()) {
                return null;
            }
            String before = start > 0 ? ELLIPSIS + " " : "";
            String after = end < content.length() ? " " + ELLIPSIS : "";
            return before + text + after;
        }
    }

    /** {@code text[start, end)}, moved inwards so as not to split a surrogate pair. */
    private static String cut(String text, int start, int end) {
        end = Math.min(end, text.length());
        if (start > 0 && start < text.length() && Character.isLowSurrogate(text.charAt(start))) {
            start++;
        }
        if (end > start && end < text.length() && Character.isLowSurrogate(text.charAt(end))) {
            end--;
        }
        return text.substring(start, Math.max(start, end));
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }
}
