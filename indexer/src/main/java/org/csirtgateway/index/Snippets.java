package org.csirtgateway.index;

import java.io.IOException;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * offsets indexed with the body), or its beginning when the body has no match. No markup is inserted: the
 * snippet is plain text with the match ranges beside it, so the caller escapes the text and marks the ranges.
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

    /** A snippet and where the query matched in it. */
    record Snippet(String text, List<TicketHit.Match> matches) {
    }

    /** One snippet per document, in the order of {@code docIds} (doc ids of {@code searcher}). */
    Snippet[] of(IndexSearcher searcher, Query query, int[] docIds) throws IOException {
        if (docIds.length == 0) {
            return new Snippet[0];
        }
        UnifiedHighlighter.Builder builder = UnifiedHighlighter.builder(searcher, analyzer)
                .withFormatter(new PlainFormatter())
                .withBreakIterator(() -> LengthGoalBreakIterator.createClosestToLength(
                        BreakIterator.getWordInstance(Locale.ROOT), PASSAGE_GOAL_CHARS, 0.4f))
                .withMaxLength(MAX_HIGHLIGHTED_BODY_CHARS)
                .withMaxNoHighlightPassages(0);
        ObjectHighlighter highlighter = new ObjectHighlighter(builder);
        Object[] formatted = highlighter.highlightFieldsAsObjects(
                new String[] {ReportFields.BODY}, query, docIds, new int[] {1}).get(ReportFields.BODY);
        Snippet[] snippets = new Snippet[docIds.length];
        StoredFields stored = searcher.storedFields();
        for (int i = 0; i < docIds.length; i++) {
            if (formatted[i] instanceof Snippet snippet && !snippet.text().isEmpty()) {
                snippets[i] = snippet;
            } else {
                String body = stored.document(docIds[i], Set.of(ReportFields.BODY)).get(ReportFields.BODY);
                snippets[i] = new Snippet(beginning(body == null ? "" : body), List.of());
            }
        }
        return snippets;
    }

    /** Exposes the highlighter's formatted objects (our {@link Snippet}s) instead of their toString(). */
    private static final class ObjectHighlighter extends UnifiedHighlighter {
        ObjectHighlighter(UnifiedHighlighter.Builder builder) {
            super(builder);
        }

        @Override
        protected Map<String, Object[]> highlightFieldsAsObjects(String[] fields, Query query, int[] docIds,
                int[] maxPassagesIds) throws IOException {
            return super.highlightFieldsAsObjects(fields, query, docIds, maxPassagesIds);
        }
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
            String before = start > 0 ? ELLIPSIS + " " : "";
            OneLine line = OneLine.of(content, start, end, before.length());
            if (line.text().isEmpty()) {
                return null;
            }
            String after = end < content.length() ? " " + ELLIPSIS : "";
            List<TicketHit.Match> matches = new ArrayList<>();
            int lastEnd = 0;
            for (int m = 0; m < passage.getNumMatches(); m++) {
                int from = Math.max(passage.getMatchStarts()[m], start);
                int to = Math.min(passage.getMatchEnds()[m], end);
                if (from >= to) {
                    continue;
                }
                int outFrom = Math.max(line.position(from), lastEnd);
                int outTo = line.position(to);
                if (outTo > outFrom) {
                    matches.add(new TicketHit.Match(outFrom, outTo));
                    lastEnd = outTo;
                }
            }
            return new Snippet(before + line.text() + after, matches);
        }
    }

    /**
     * {@code content[start, end)} on one line (whitespace runs as one space, stripped), remembering where each
     * content offset landed so match offsets can be carried over.
     */
    private record OneLine(String text, int start, int[] positions) {

        static OneLine of(String content, int start, int end, int shift) {
            String cut = cut(content, start, end);
            int realStart = start > 0 && start < content.length() && Character.isLowSurrogate(content.charAt(start))
                    ? start + 1 : start;
            StringBuilder out = new StringBuilder(cut.length());
            int[] positions = new int[cut.length() + 1];
            boolean space = false;
            for (int i = 0; i < cut.length(); i++) {
                char c = cut.charAt(i);
                if (" \t\n\u000B\f\r".indexOf(c) >= 0) { // the whitespace of regex \\s, as oneLine()
                    space = out.length() > 0;
                    positions[i] = out.length();
                } else {
                    if (space) {
                        out.append(' ');
                        space = false;
                    }
                    positions[i] = out.length();
                    out.append(c);
                }
            }
            positions[cut.length()] = out.length();
            for (int i = 0; i < positions.length; i++) {
                positions[i] += shift;
            }
            return new OneLine(out.toString(), realStart, positions);
        }

        /** Where content offset {@code offset} is in the shifted output. */
        int position(int offset) {
            int i = Math.max(0, Math.min(positions.length - 1, offset - start));
            return positions[i];
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
