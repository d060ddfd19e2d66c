package org.csirtgateway.index;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.DelegatingAnalyzerWrapper;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.cjk.CJKWidthFilter;
import org.apache.lucene.analysis.core.KeywordAnalyzer;
import org.apache.lucene.analysis.core.KeywordTokenizer;
import org.apache.lucene.analysis.standard.StandardTokenizer;

/**
 * Text analysis of reports written in English and Japanese.
 *
 * <p>Japanese is written without spaces, so a dictionary-free approach is used: {@link StandardTokenizer} splits
 * Latin text into words and CJK text into characters (katakana runs stay together), {@link CJKWidthFilter} folds
 * half-width katakana and full-width ASCII to their usual forms, {@link LowerCaseFilter} makes English
 * case-insensitive, and {@link CJKBigramFilter} turns CJK runs into overlapping bigrams. A Japanese query word then
 * becomes a phrase of bigrams (the query parser generates phrase queries) that matches inside any unsegmented
 * sentence. Unlike {@code CJKAnalyzer} no English stop words are removed: "who is" or "it" can be what an analyst
 * looks for.
 *
 * <p>At index time unigrams are emitted too (stacked on the bigrams at the same positions), so a query of a single
 * kanji, which the bigram filter leaves as a unigram, still finds it; at query time only bigrams are produced, which
 * keeps multi-character queries precise.
 */
final class ReportAnalyzer extends Analyzer {

    private final boolean forIndexing;

    private ReportAnalyzer(boolean forIndexing) {
        this.forIndexing = forIndexing;
    }

    /** The analyzer of the text fields (subject, body, from) when documents are written. */
    static Analyzer forIndexing() {
        return new ReportAnalyzer(true);
    }

    /**
     * The analyzer of parsed queries: text fields as at index time (bigrams only), the exact keyword fields
     * ({@code ticket}, {@code url}) untouched, and the lower-cased keyword fields (status, category, channel,
     * indicators other than URLs, ARF fields) lower-cased like their indexed values.
     */
    static Analyzer forQueries() {
        Analyzer text = new ReportAnalyzer(false);
        Analyzer verbatim = new KeywordAnalyzer();
        Analyzer lowerCase = new LowerCaseKeywordAnalyzer();
        return new DelegatingAnalyzerWrapper(PER_FIELD_REUSE_STRATEGY) {
            @Override
            protected Analyzer getWrappedAnalyzer(String fieldName) {
                if (ReportFields.VERBATIM_KEYWORDS.contains(fieldName)) {
                    return verbatim;
                }
                if (ReportFields.isLowerCaseKeyword(fieldName)) {
                    return lowerCase;
                }
                return text;
            }

            @Override
            public void close() {
                super.close();
                text.close();
                verbatim.close();
                lowerCase.close();
            }
        };
    }

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
        Tokenizer source = new StandardTokenizer();
        TokenStream result = new CJKWidthFilter(source);
        result = new LowerCaseFilter(result);
        result = new CJKBigramFilter(result, CJKBigramFilter.HAN | CJKBigramFilter.HIRAGANA
                | CJKBigramFilter.KATAKANA | CJKBigramFilter.HANGUL, forIndexing);
        return new TokenStreamComponents(source, result);
    }

    /** Applied to wildcard, prefix, fuzzy and range terms, which are not tokenised: {@code Phish*} finds "phishing". */
    @Override
    protected TokenStream normalize(String fieldName, TokenStream in) {
        return new LowerCaseFilter(new CJKWidthFilter(in));
    }

    /** The whole value as one lower-cased term: {@code status:Open} finds status "OPEN". */
    private static final class LowerCaseKeywordAnalyzer extends Analyzer {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer source = new KeywordTokenizer();
            return new TokenStreamComponents(source, new LowerCaseFilter(source));
        }

        @Override
        protected TokenStream normalize(String fieldName, TokenStream in) {
            return new LowerCaseFilter(in);
        }
    }
}
