package org.csirtgateway.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.store.ByteBuffersDataOutput;
import org.apache.lucene.util.BytesRef;

/**
 * What a near-duplicate check reads of a candidate message (its key, ticket, MinHash signature, indicators and
 * vocabulary), kept together in one binary doc value of the message's document.
 *
 * <p>Each new ticket's check reads up to 80 candidates. Read from stored fields, each candidate cost the
 * decompression of its whole stored document, body included (stored fields are compressed in blocks of whole
 * documents): most of the CPU of a new report once the index holds earlier ones. A doc value is read on its own,
 * uncompressed. Documents indexed before this field existed are read from their stored fields, as before.
 */
final class CandidateValues {

    /** The doc value's field (binary doc values only; a field of its own, so older indexes accept it). */
    static final String FIELD = "near_duplicate";

    private static final byte FORMAT = 1;

    /** A candidate as the check needs it. */
    static final class Candidate {
        private final String key;
        private final String ticketId;
        private final MinHash.Signature signature;
        private final Set<Indicator> indicators;
        /** Its topical words (read from stored fields), or null. */
        private final Set<String> vocabulary;
        /** The doc value, and where its words start in it (-1: none kept), read only when they are needed. */
        private final byte[] encoded;
        private final int vocabularyAt;

        Candidate(String key, String ticketId, MinHash.Signature signature, Set<Indicator> indicators,
                  Set<String> vocabulary) {
            this(key, ticketId, signature, indicators, vocabulary, null, -1);
        }

        private Candidate(String key, String ticketId, MinHash.Signature signature, Set<Indicator> indicators,
                          Set<String> vocabulary, byte[] encoded, int vocabularyAt) {
            this.key = key;
            this.ticketId = ticketId;
            this.signature = signature;
            this.indicators = indicators;
            this.vocabulary = vocabulary;
            this.encoded = encoded;
            this.vocabularyAt = vocabularyAt;
        }

        String key() {
            return key;
        }

        String ticketId() {
            return ticketId;
        }

        MinHash.Signature signature() {
            return signature;
        }

        Set<Indicator> indicators() {
            return indicators;
        }

        /** Whether its topical words were kept (else the check works them out from its body). */
        boolean hasVocabulary() {
            return vocabulary != null || vocabularyAt >= 0;
        }

        /**
         * {@link NearDuplicates#jaccard} of {@code words} and its topical words ({@link #hasVocabulary} must hold);
         * the words of a doc value are counted as they are read, without a set of their own.
         */
        double vocabularyJaccard(Set<String> words) throws IOException {
            if (vocabulary != null) {
                return NearDuplicates.jaccard(words, vocabulary);
            }
            ByteArrayDataInput in = new ByteArrayDataInput(encoded, vocabularyAt, encoded.length - vocabularyAt);
            int theirs = in.readVInt(); // distinct: written from a set
            if (words.isEmpty() || theirs == 0) {
                return 0;
            }
            String joined = in.readString();
            int shared = 0;
            for (int start = 0; start <= joined.length(); ) {
                int end = joined.indexOf(' ', start);
                end = end < 0 ? joined.length() : end;
                if (words.contains(joined.substring(start, end))) {
                    shared++;
                }
                start = end + 1;
            }
            return shared / (double) (words.size() + theirs - shared);
        }
    }

    private CandidateValues() {
    }

    /**
     * The doc value of a message: key, ticket, signature (may be null), indicators as stored ("type value"),
     * vocabulary (may be null).
     */
    static BytesRef encode(String key, String ticketId, MinHash.Signature signature, List<String> storedIndicators,
                           Set<String> vocabulary) {
        ByteBuffersDataOutput out = new ByteBuffersDataOutput();
        try {
            out.writeByte(FORMAT);
            out.writeString(key);
            out.writeString(ticketId);
            byte[] minhash = signature == null ? new byte[0] : signature.toBytes();
            out.writeVInt(minhash.length);
            out.writeBytes(minhash, minhash.length);
            out.writeVInt(storedIndicators.size());
            for (String indicator : storedIndicators) {
                out.writeString(indicator);
            }
            if (vocabulary == null) {
                out.writeByte((byte) 0);
            } else {
                // one string, the words separated by spaces (words hold none): one UTF-8 conversion, not one a word
                out.writeByte((byte) 1);
                out.writeVInt(vocabulary.size());
                out.writeString(String.join(" ", vocabulary));
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e); // ByteBuffersDataOutput never throws
        }
        return new BytesRef(out.toArrayCopy());
    }

    static Candidate decode(BytesRef bytes) throws IOException {
        ByteArrayDataInput in = new ByteArrayDataInput(bytes.bytes, bytes.offset, bytes.length);
        if (in.readByte() != FORMAT) {
            return null; // written by another version: read the stored fields instead
        }
        String key = in.readString();
        String ticketId = in.readString();
        byte[] minhash = new byte[in.readVInt()];
        in.readBytes(minhash, 0, minhash.length);
        MinHash.Signature signature = minhash.length == 0 ? null
                : MinHash.Signature.fromBytes(minhash, 0, minhash.length);
        int indicatorCount = in.readVInt();
        Set<Indicator> indicators = new HashSet<>();
        for (int i = 0; i < indicatorCount; i++) {
            Indicator indicator = NearDuplicates.parse(in.readString());
            if (indicator != null) {
                indicators.add(indicator);
            }
        }
        int vocabularyAt = -1;
        if (in.readByte() == 1) {
            vocabularyAt = in.getPosition() - bytes.offset;
        }
        byte[] encoded = vocabularyAt < 0 ? null
                : java.util.Arrays.copyOfRange(bytes.bytes, bytes.offset, bytes.offset + bytes.length);
        return new Candidate(key, ticketId, signature, indicators, null, encoded, vocabularyAt);
    }

    /** The candidates among {@code docs} (top-level doc ids) that have the doc value; the others are left out. */
    static Map<Integer, Candidate> read(IndexSearcher searcher, Collection<Integer> docs) throws IOException {
        List<Integer> sorted = new ArrayList<>(docs);
        sorted.sort(null); // a doc value is read forwards within each segment
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        Map<Integer, Candidate> found = new HashMap<>();
        BinaryDocValues values = null;
        int leafIndex = -1;
        for (int doc : sorted) {
            int leaf = ReaderUtil.subIndex(doc, leaves);
            if (leaf != leafIndex) {
                leafIndex = leaf;
                values = DocValues.getBinary(leaves.get(leaf).reader(), FIELD);
            }
            if (values.advanceExact(doc - leaves.get(leaf).docBase)) {
                Candidate candidate = decode(values.binaryValue());
                if (candidate != null) {
                    found.put(doc, candidate);
                }
            }
        }
        return found;
    }
}
