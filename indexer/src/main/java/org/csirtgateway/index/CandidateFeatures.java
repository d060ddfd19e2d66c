package org.csirtgateway.index;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
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
 * What the near-duplicate check reads of each candidate (its key and ticket, MinHash signature, topical vocabulary and
 * indicators), kept in ONE binary doc value per document. Reading stored fields instead decompresses the block of
 * stored fields around each candidate, bodies included: with up to 80 candidates per new message that was a third of
 * the gateway's intake CPU. Documents indexed before this doc value existed are read from their stored fields.
 */
final class CandidateFeatures {

    /** The binary doc value; not meant for analysts' queries. */
    static final String FIELD = "near_duplicate_features";
    private static final int FORMAT = 1;
    private static final Set<String> STORED = Set.of(ReportFields.KEY, ReportFields.TICKET, ReportFields.MINHASH,
            ReportFields.STORED_INDICATORS, ReportFields.VOCABULARY);

    private final String key;
    private final String ticket;
    private final MinHash.Signature signature;
    private final Set<Indicator> indicators;
    /** The topical words, unique and space separated; null when not stored (then read from the body). */
    private final String vocabulary;
    /** For a document without a stored vocabulary: its body is read from here when needed. */
    private final IndexSearcher searcher;
    private final int doc;

    private CandidateFeatures(String key, String ticket, MinHash.Signature signature, Set<Indicator> indicators,
                              String vocabulary, IndexSearcher searcher, int doc) {
        this.key = key;
        this.ticket = ticket;
        this.signature = signature;
        this.indicators = indicators;
        this.vocabulary = vocabulary;
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

    Set<Indicator> indicators() {
        return indicators;
    }

    /**
     * {@link NearDuplicates#jaccard} of {@code words} and this candidate's topical words
     * ({@link NearDuplicates#vocabulary}), counted along the stored words without building a set of them.
     */
    double vocabularyJaccard(Set<String> words) throws IOException {
        if (vocabulary == null) {
            String body = searcher.storedFields().document(doc, Set.of(ReportFields.BODY)).get(ReportFields.BODY);
            return NearDuplicates.jaccard(words, NearDuplicates.vocabulary(ReportText.normalise(body == null ? ""
                    : body)));
        }
        if (words.isEmpty() || vocabulary.isEmpty()) {
            return 0;
        }
        int theirs = 0;
        int shared = 0;
        for (int from = 0; from <= vocabulary.length(); ) {
            int space = vocabulary.indexOf(' ', from);
            int end = space < 0 ? vocabulary.length() : space;
            theirs++;
            if (words.contains(vocabulary.substring(from, end))) {
                shared++;
            }
            from = end + 1;
        }
        return shared / (double) (words.size() + theirs - shared);
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
            out.writeBoolean(vocabulary != null);
            if (vocabulary != null) {
                writeString(out, String.join(" ", vocabulary));
            }
            List<Indicator> kept = indicators.stream()
                    .filter(indicator -> indicator.value().length() <= ReportFields.MAX_TERM_CHARS).toList();
            out.writeInt(kept.size());
            for (Indicator indicator : kept) {
                writeString(out, indicator.type());
                writeString(out, indicator.value());
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
            if (values.advanceExact(leafDoc) && tickets.advanceExact(leafDoc)) {
                String ticket = tickets.lookupOrd(tickets.nextOrd()).utf8ToString();
                features.put(doc, decode(values.binaryValue(), ticket, searcher, doc));
            } else {
                stored = stored != null ? stored : searcher.storedFields();
                features.put(doc, fromStoredFields(stored, searcher, doc));
            }
        }
        return features;
    }

    private static CandidateFeatures decode(BytesRef value, String ticket, IndexSearcher searcher, int doc)
            throws IOException {
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(value.bytes, value.offset,
                value.length));
        int format = in.readByte();
        if (format != FORMAT) {
            throw new IOException("near-duplicate features in format " + format + ", expected " + FORMAT
                    + ": rebuild the index (csirt-gateway reindex)");
        }
        String key = readString(in);
        byte[] minhash = new byte[in.readInt()];
        in.readFully(minhash);
        String vocabulary = in.readBoolean() ? readString(in) : null;
        int count = in.readInt();
        Set<Indicator> indicators = new HashSet<>();
        for (int i = 0; i < count; i++) {
            String type = readString(in);
            String indicatorValue = readString(in);
            try {
                indicators.add(new Indicator(type, indicatorValue));
            } catch (IllegalArgumentException e) {
                // written by a version knowing another type: not comparable
            }
        }
        MinHash.Signature signature = minhash.length == 0 ? null
                : MinHash.Signature.fromBytes(minhash, 0, minhash.length);
        return new CandidateFeatures(key, ticket, signature, indicators, vocabulary, searcher, doc);
    }

    /** A document indexed before the doc value existed. */
    private static CandidateFeatures fromStoredFields(StoredFields stored, IndexSearcher searcher, int doc)
            throws IOException {
        Document candidate = stored.document(doc, STORED);
        BytesRef bytes = candidate.getBinaryValue(ReportFields.MINHASH);
        MinHash.Signature signature = bytes == null ? null
                : MinHash.Signature.fromBytes(bytes.bytes, bytes.offset, bytes.length);
        return new CandidateFeatures(candidate.get(ReportFields.KEY), candidate.get(ReportFields.TICKET), signature,
                NearDuplicates.indicators(candidate), candidate.get(ReportFields.VOCABULARY), searcher, doc);
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] utf8 = new byte[in.readInt()];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
