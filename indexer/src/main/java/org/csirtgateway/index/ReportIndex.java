package org.csirtgateway.index;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.IOUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The full-text index of reports: one Lucene document per message, searched and ranked per ticket.
 *
 * <p>Queries use the Lucene classic syntax. Terms without a field search {@code subject}, {@code body}, {@code from}
 * (the sender), {@code attachment} (file names) and {@code attachment_text}, and all of them must match unless joined
 * with {@code OR}. Text fields: {@code subject}, {@code body}, {@code from}, {@code to}, {@code attachment},
 * {@code attachment_text}. Exact fields: {@code ticket} (e.g. {@code ticket:CSIRT#2026-000123}), and, in any case,
 * {@code status}, {@code category}, {@code channel}, {@code encryption}, {@code signature}; the indicators
 * {@code ip}, {@code domain}, {@code url} (as written; quote it), {@code email}, {@code hash}, {@code cve}, and
 * {@code indicator_type} (e.g. {@code indicator_type:hash}); ARF fields as {@code arf_<name>} (e.g.
 * {@code arf_feedback_type:abuse}, {@code arf_source_ip:192.0.2.1}). Dates: {@code received} (UTC date:
 * {@code received:2026-03-01}, {@code received:[2026-01-01 TO 2026-03-31]}, {@code received:[2026-03-01 TO *]}).
 * English is matched without regard to case and without stemming (exact words; {@code phish*} for prefixes);
 * Japanese words are found inside unsegmented sentences (CJK bigrams: they found more than Kuromoji on our
 * labelled set, see {@code JapaneseAnalysisComparisonTest}).
 *
 * <p>Writes ({@link #index}, {@link #indexAll}, {@link #deleteAll}) become visible to {@link #search} and
 * {@link #messageCount} at the next {@link #commit}, so a rebuild (deleteAll, indexAll, commit) is seen all at once.
 * All methods may be called from several threads at once, e.g. the mail poller indexing while web requests search.
 * Only one {@code ReportIndex} (in one process) can have a directory open at a time.
 */
public final class ReportIndex implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(ReportIndex.class);

    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final Analyzer indexAnalyzer;
    private final Analyzer queryAnalyzer;
    private final ReportQueryParser parser;
    private final Snippets snippets;
    private final NearDuplicates nearDuplicates = new NearDuplicates();

    private ReportIndex(Directory directory, IndexWriter writer, SearcherManager searchers, Analyzer indexAnalyzer,
            Analyzer queryAnalyzer) {
        this.directory = directory;
        this.writer = writer;
        this.searchers = searchers;
        this.indexAnalyzer = indexAnalyzer;
        this.queryAnalyzer = queryAnalyzer;
        this.parser = new ReportQueryParser(queryAnalyzer);
        this.snippets = new Snippets(indexAnalyzer);
    }

    /**
     * Opens the index in {@code path}, creating the directory and an empty index when there is none.
     *
     * @throws IOException if the directory cannot be used, the index is corrupt or unreadable (rebuild it from the
     *                     archive), or another process or {@code ReportIndex} has it open; the message says which
     */
    public static ReportIndex open(Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        Directory directory;
        try {
            directory = FSDirectory.open(path);
        } catch (IOException e) {
            throw new IOException("Cannot open search index directory " + path + ": " + e, e);
        }
        Analyzer indexAnalyzer = ReportAnalyzer.forIndexing();
        Analyzer queryAnalyzer = ReportAnalyzer.forQueries();
        IndexWriter writer = null;
        try {
            // A larger RAM buffer than the default 16 MB: fewer, larger segments when many reports are indexed at
            // once (a rebuild), at no cost when one report is indexed and committed at a time.
            writer = new IndexWriter(directory, new IndexWriterConfig(indexAnalyzer)
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                    .setRAMBufferSizeMB(64)
                    // a Bloom filter in front of the near-duplicate band terms: see ReportCodec
                    .setCodec(ReportCodec.create())
                    // Commits come often (tools and tests commit after every message, the gateway on a short
                    // schedule): waiting up to 500 ms (Lucene's default) for small merges on each commit capped intake
                    // at a few messages per second. Merges run anyway.
                    .setMaxFullFlushMergeWaitMillis(0));

            SearcherManager searchers = new SearcherManager(writer, true, false, null);
            LOG.debug("Opened search index {} with {} messages", path, writer.getDocStats().numDocs);
            return new ReportIndex(directory, writer, searchers, indexAnalyzer, queryAnalyzer);
        } catch (LockObtainFailedException e) {
            IOUtils.closeWhileHandlingException(writer, directory, indexAnalyzer, queryAnalyzer);
            throw new IOException("Search index " + path + " is already open in another process or ReportIndex", e);
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            // Lucene signals damage with CorruptIndexException, EOFException, NoSuchFileException,
            // IndexFormatTooOld/NewException, or IllegalArgumentException for an unknown codec.
            IOUtils.closeWhileHandlingException(writer, directory, indexAnalyzer, queryAnalyzer);
            throw new IOException("Search index " + path + " is corrupt or unreadable and must be rebuilt: "
                    + e.getClass().getSimpleName(), e);
        }
    }

    /** Adds the message, or replaces the earlier version with the same key. Visible after {@link #commit}. */
    public void index(IndexedMessage message) throws IOException {
        index(message, TextFeatures.of(message.body()));
    }

    /** As {@link #index(IndexedMessage)}, with the body's features worked out before ({@link TextFeatures#of}). */
    public void index(IndexedMessage message, TextFeatures text) throws IOException {
        writer.updateDocument(new Term(ReportFields.KEY, message.messageKey()),
                ReportFields.toDocument(message, text));
    }

    /** {@link #index}es each message. Visible after {@link #commit}. */
    public void indexAll(Collection<IndexedMessage> messages) throws IOException {
        for (IndexedMessage message : messages) {
            index(message);
        }
    }

    /** Makes the writes so far durable and visible to searches. */
    public void commit() throws IOException {
        writer.commit();
        searchers.maybeRefreshBlocking();
    }

    /**
     * One page of the tickets whose messages match {@code query}, best first (equal scores: newest first). A blank
     * query lists all tickets, newest first.
     *
     * @param limit  most tickets on the page (0 only counts them)
     * @param offset tickets to skip
     * @throws InvalidQueryException if the query cannot be parsed or is too broad; its message says why in one line
     */
    public SearchPage search(String query, int limit, int offset) throws InvalidQueryException, IOException {
        return search(SearchRequest.of(query, limit, offset));
    }

    /**
     * One page of the tickets whose messages match the request's query and all its filters, in the requested order.
     * A blank query with no filter lists all tickets, newest first, whatever the order asked.
     *
     * @throws InvalidQueryException if the query cannot be parsed or is too broad; its message says why in one line
     */
    public SearchPage search(SearchRequest request) throws InvalidQueryException, IOException {
        Query parsed = parser.parse(request.query());
        Query filtered = SearchFilters.apply(parsed, request);
        SearchRequest.Sort sort = request.sort();
        if (parsed instanceof MatchAllDocsQuery && sort == SearchRequest.Sort.RELEVANCE) {
            sort = SearchRequest.Sort.NEWEST; // every score is equal: newest first is the useful order
        }
        IndexSearcher searcher = searchers.acquire();
        try {
            int top = (int) Math.min(Integer.MAX_VALUE - 1L, (long) request.offset() + request.limit());
            TicketGrouping.Ranking ranking = TicketGrouping.rank(searcher, filtered, sort, top);
            List<TicketGrouping.TicketMatch> ranked = ranking.ranked();
            int from = Math.min(request.offset(), ranked.size());
            List<TicketGrouping.TicketMatch> page = ranked.subList(from, Math.min(top, ranked.size()));
            Snippets.Snippet[] texts = snippets.of(searcher, parsed,
                    page.stream().mapToInt(TicketGrouping.TicketMatch::bestDoc).toArray());
            List<TicketHit> hits = new ArrayList<>(page.size());
            for (int i = 0; i < page.size(); i++) {
                hits.add(new TicketHit(page.get(i).ticketId(), page.get(i).score(), texts[i].text(),
                        texts[i].matches()));
            }
            return new SearchPage(ranking.total(), hits);
        } catch (IndexSearcher.TooManyClauses e) {
            throw new InvalidQueryException(
                    "Query is too complex: it has, or its wildcards expand to, more than "
                            + IndexSearcher.getMaxClauseCount() + " terms; make it shorter or more specific", e);
        } finally {
            searchers.release(searcher);
        }
    }

    /**
     * Messages of other tickets whose text is nearly the same as {@code message}'s, or that share its indicators,
     * best first, at most one per ticket. Does not need {@code message} to be indexed.
     *
     * @param excludeTicket a ticket not to propose (the message's own), or null
     * @param minScore      the lowest combined score returned (see {@link SimilarMessage})
     */
    public List<SimilarMessage> similarTo(IndexedMessage message, String excludeTicket, double minScore)
            throws IOException {
        return similarTo(message, TextFeatures.of(message.body()), excludeTicket, minScore);
    }

    /** As {@link #similarTo(IndexedMessage, String, double)}, with the body's features worked out before. */
    public List<SimilarMessage> similarTo(IndexedMessage message, TextFeatures text, String excludeTicket,
                                          double minScore) throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            return nearDuplicates.find(searcher, message, text, excludeTicket, minScore);
        } finally {
            searchers.release(searcher);
        }
    }

    /**
     * Makes what was indexed so far visible to lookups (not durable; see {@link #commit}) and returns lookups that
     * compare a message only with messages of a lower message id: those taken in before it, whatever was indexed
     * after it. A lookup run again after a crash, when later messages are in the index already, or on an index
     * rebuilt, gives the same answer as the first. Message ids are the numeric message keys (see
     * {@link IndexedMessage#messageKey}); other keys come after every message id, in the order of their text. Close it
     * when the lookups are done. Thread-safe: lookups may run in parallel.
     */
    public EarlierLookups lookupsAmongEarlier() throws IOException {
        searchers.maybeRefreshBlocking();
        return new EarlierLookups(searchers.acquire());
    }

    /** See {@link #lookupsAmongEarlier}. Thread-safe. */
    public final class EarlierLookups implements Closeable {

        private final IndexSearcher searcher;

        private EarlierLookups(IndexSearcher searcher) {
            this.searcher = searcher;
        }

        /**
         * What {@link #similarTo(IndexedMessage, TextFeatures, String, double)} finds for {@code message}, its own
         * ticket left out, among the messages of a lower message id only: the others are left out when the candidates
         * are chosen, so none of them takes an earlier message's place among them. Equal shared-term counts and equal
         * scores go to the earlier message.
         */
        public List<SimilarMessage> similarTo(IndexedMessage message, TextFeatures text, double minScore)
                throws IOException {
            return nearDuplicates.find(searcher, message, text, message.ticketId(),
                    MessageIds.Before.message(message.messageKey()), minScore);
        }

        @Override
        public void close() throws IOException {
            searchers.release(searcher);
        }
    }

    /**
     * The tickets, other than {@code excludeTicket}, with a message mentioning {@code indicator} received in
     * [{@code from}, {@code to}), newest first, at most {@code limit}.
     */
    public List<RelatedTicket> ticketsMentioning(Indicator indicator, Instant from, Instant to, String excludeTicket,
            int limit) throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            return RelatedTickets.find(searcher, indicator, from, to, excludeTicket, limit);
        } finally {
            searchers.release(searcher);
        }
    }

    /** The indicators indexed for the messages of {@code ticketId}, without repeats, in first-seen order. */
    public List<Indicator> indicatorsOf(String ticketId) throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            return RelatedTickets.indicatorsOf(searcher, ticketId);
        } finally {
            searchers.release(searcher);
        }
    }

    /** Removes the messages of {@code ticketId} (before re-indexing them). Visible after {@link #commit}. */
    public void deleteTicket(String ticketId) throws IOException {
        writer.deleteDocuments(new Term(ReportFields.TICKET, ticketId));
    }

    /** How many messages (not tickets) the index holds, as of the last {@link #commit}. */
    public long messageCount() throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            return searcher.getIndexReader().numDocs();
        } finally {
            searchers.release(searcher);
        }
    }

    /** Removes every message. Takes effect, like the writes after it, at the next {@link #commit}. */
    public void deleteAll() throws IOException {
        writer.deleteAll();
    }

    /** Commits pending writes and releases the index. */
    @Override
    public void close() throws IOException {
        IOUtils.close(searchers, writer, directory, indexAnalyzer, queryAnalyzer);
    }
}
