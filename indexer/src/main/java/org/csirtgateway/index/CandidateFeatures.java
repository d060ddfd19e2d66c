package org.csirtgateway.index;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.util.BytesRef;

/**
 * What the near-duplicate check reads of each candidate (its key and ticket, MinHash signature, and its topical
 * vocabulary and indicators as sorted 64-bit hashes, which are all the check compares: how many it shares), kept in ONE
 * binary doc value per document. Reading stored fields instead decompresses the block of
 * stored fields around each candidate, bodies included: with up to 80 candidates per new message that was a third of
 * the gateway's intake CPU. Documents indexed before this doc value existed are read from their stored fields.
 */
final class CandidateFeatures {

    /** The binary doc value; not meant for analysts' queries. */
    static final String FIELD = "near_duplicate_features";
    private static final int FORMAT = 2;
    private static final Set<String> STORED = Set.of(ReportFields.KEY, ReportFields.TICKET, ReportFields.MINHASH,
            ReportFields.STORED_INDICATORS, ReportFields.VOCABULARY);

    private final String key;
    private final String ticket;
    private final MinHash.Signature signature;
    /** Hashes of the "type value" indicators, sorted and distinct. */
    private final long[] indicators;
    /**
     * Hashes of the topical words, sorted and distinct; worked out only when indicators are shared (most candidates
     * share none), from {@link #encodedVocabulary} or else from the body. Null until then.
     */
    private long[] vocabulary;
    /** The doc value's vocabulary as it holds it (a count, then the hashes); null when it holds none. */
    private final java.nio.ByteBuffer encodedVocabulary;
    private final IndexSearcher searcher;
    private final int doc;

    private CandidateFeatures(String key, String ticket, MinHash.Signature signature, long[] indicators,
                              long[] vocabulary, java.nio.ByteBuffer encodedVocabulary, IndexSearcher searcher,
                              int doc) {
        this.key = key;
        this.ticket = ticket;
        this.signature = signature;
        this.indicators = indicators;
        this.vocabulary = vocabulary;
        this.encodedVocabulary = encodedVocabulary;
        this.searcher = searcher;
        this.doc = doc;
    }

    String key() {
        return key;
    }

    String ticket() {
        return ticket;
    }

    /** The MinHash signature, or null for a message without text. */
    MinHash.Signature signature() {
        return signature;
    }

    /** How many distinct indicators the candidate has. */
    int indicatorCount() {
        return indicators.length;
    }

    /** How many of the candidate's indicators are among {@code mine} ({@link #indicatorHashes}). */
    int sharedIndicators(long[] mine) {
        return shared(mine, indicators);
    }

    /**
     * The Jaccard similarity of the topical words ({@link NearDuplicates#vocabulary}) given as {@link #wordHashes}
     * and the candidate's; 0 when either has none.
     */
    double vocabularyJaccard(long[] mine) throws IOException {
        long[] theirs = vocabulary();
        return NearDuplicates.jaccard(shared(mine, theirs), mine.length, theirs.length);
    }

    private long[] vocabulary() throws IOException {
        if (vocabulary == null && encodedVocabulary != null) {
            // in one bulk read: comparing through a LongBuffer view, or reading long by long, cost more than the
            // comparison itself
            vocabulary = new long[encodedVocabulary.getInt(0)];
            encodedVocabulary.duplicate().position(Integer.BYTES).asLongBuffer().get(vocabulary);
        } else if (vocabulary == null) {
            String body = searcher.storedFields().document(doc, Set.of(ReportFields.BODY)).get(ReportFields.BODY);
            vocabulary = wordHashes(NearDuplicates.vocabulary(ReportText.normalise(body == null ? "" : body)));
        }
        return vocabulary;
    }

    /** Sorted, distinct 64-bit hashes of indicators, compared instead of the indicators themselves. */
    static long[] indicatorHashes(Collection<Indicator> indicators) {
        return sortedDistinct(indicators.stream().mapToLong(indicator -> hash(indicator.type() + '\u0000'
                + indicator.value())).toArray());
    }

    /** Sorted, distinct 64-bit hashes of words. */
    static long[] wordHashes(Collection<String> words) {
        return sortedDistinct(words.stream().mapToLong(CandidateFeatures::hash).toArray());
    }

    /** The doc value of a new document: its key, signature (may be null), vocabulary (may be null), indicators. */
    static BinaryDocValuesField field(String key, MinHash.Signature signature, Collection<String> vocabulary,
                                      Collection<Indicator> indicators) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            writeString(out, key);
            byte[] minhash = signature == null ? new byte[0] : signature.toBytes();
            out.writeInt(minhash.length);
            out.write(minhash);
            writeLongs(out, indicatorHashes(indicators.stream()
                    .filter(indicator -> indicator.value().length() <= ReportFields.MAX_TERM_CHARS).toList()));
            out.writeBoolean(vocabulary != null);
            if (vocabulary != null) {
                writeLongs(out, wordHashes(vocabulary));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return new BinaryDocValuesField(FIELD, new BytesRef(bytes.toByteArray()));
    }

    /** The features of each of {@code docs} (top-level doc ids), read leaf by leaf in doc order. */
    static Map<Integer, CandidateFeatures> read(IndexSearcher searcher, Collection<Integer> docs) throws IOException {
        List<Integer> sorted = new ArrayList<>(docs);
        sorted.sort(null);
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        Map<Integer, CandidateFeatures> features = new HashMap<>();
        StoredFields stored = null;
        int leafIndex = -1;
        BinaryDocValues values = null;
        SortedSetDocValues tickets = null;
        for (int doc : sorted) {
            int index = ReaderUtil.subIndex(doc, leaves);
            LeafReaderContext leaf = leaves.get(index);
            if (index != leafIndex) {
                leafIndex = index;
                values = DocValues.getBinary(leaf.reader(), FIELD);
                tickets = DocValues.getSortedSet(leaf.reader(), ReportFields.TICKET);
            }
            int leafDoc = doc - leaf.docBase;
            CandidateFeatures candidate = null;
            if (values.advanceExact(leafDoc) && tickets.advanceExact(leafDoc)) {
                String ticket = tickets.lookupOrd(tickets.nextOrd()).utf8ToString();
                candidate = decode(values.binaryValue(), ticket, searcher, doc);
            }
            if (candidate == null) {
                stored = stored != null ? stored : searcher.storedFields();
                candidate = fromStoredFields(stored, searcher, doc);
            }
            features.put(doc, candidate);
        }
        return features;
    }

    /** The key held in the doc value, or null when it was written in another format. */
    static String keyOf(BytesRef value) {
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(value.bytes, value.offset, value.length);
        if (value.length < 1 + Integer.BYTES || in.get() != FORMAT) {
            return null;
        }
        int length = in.getInt();
        return new String(value.bytes, value.offset + 1 + Integer.BYTES, length, StandardCharsets.UTF_8);
    }

    /** The features in the doc value, or null when it was written in another format. */
    private static CandidateFeatures decode(BytesRef value, String ticket, IndexSearcher searcher, int doc) {
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(value.bytes, value.offset, value.length);
        if (in.get() != FORMAT) {
            return null;
        }
        byte[] key = new byte[in.getInt()];
        in.get(key);
        byte[] minhash = new byte[in.getInt()];
        in.get(minhash);
        long[] indicators = new long[in.getInt()];
        for (int i = 0; i < indicators.length; i++) {
            indicators[i] = in.getLong();
        }
        // A copy: the doc values iterator reuses its buffer for the next document, and the vocabulary is read later.
        java.nio.ByteBuffer vocabulary = in.get() == 0 ? null
                : java.nio.ByteBuffer.wrap(java.util.Arrays.copyOfRange(in.array(), in.position(), in.limit()));
        MinHash.Signature signature = minhash.length == 0 ? null
                : MinHash.Signature.fromBytes(minhash, 0, minhash.length);
        return new CandidateFeatures(new String(key, StandardCharsets.UTF_8), ticket, signature, indicators, null,
                vocabulary, searcher, doc);
    }

    /** A document indexed before the doc value existed. */
    private static CandidateFeatures fromStoredFields(StoredFields stored, IndexSearcher searcher, int doc)
            throws IOException {
        Document candidate = stored.document(doc, STORED);
        BytesRef bytes = candidate.getBinaryValue(ReportFields.MINHASH);
        MinHash.Signature signature = bytes == null ? null
                : MinHash.Signature.fromBytes(bytes.bytes, bytes.offset, bytes.length);
        String words = candidate.get(ReportFields.VOCABULARY);
        return new CandidateFeatures(candidate.get(ReportFields.KEY), candidate.get(ReportFields.TICKET), signature,
                indicatorHashes(NearDuplicates.indicators(candidate)),
                words == null ? null : wordHashes(words.isEmpty() ? List.of() : List.of(words.split(" "))), null,
                searcher, doc);
    }

    private static long hash(String value) {
        // FNV-1a over the UTF-16 code units: stable across versions and runs (the hashes are stored in the index)
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < value.length(); i++) {
            hash ^= value.charAt(i);
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    private static long[] sortedDistinct(long[] values) {
        java.util.Arrays.sort(values);
        int distinct = 0;
        for (int i = 0; i < values.length; i++) {
            if (i == 0 || values[i] != values[i - 1]) {
                values[distinct++] = values[i];
            }
        }
        return java.util.Arrays.copyOf(values, distinct);
    }

    /** How many values two sorted, distinct arrays share. */
    private static int shared(long[] a, long[] b) {
        int shared = 0;
        for (int i = 0, j = 0; i < a.length && j < b.length; ) {
            if (a[i] == b[j]) {
                shared++;
                i++;
                j++;
            } else if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        return shared;
    }

    private static void writeLongs(DataOutputStream out, long[] values) throws IOException {
        out.writeInt(values.length);
        for (long value : values) {
            out.writeLong(value);
        }
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

}
