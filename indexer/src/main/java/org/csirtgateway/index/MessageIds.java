package org.csirtgateway.index;

import java.io.IOException;
import java.util.Set;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.PointValues;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.StoredFields;

/**
 * The order of messages that near-duplicate proposals follow: by message id, the numeric message key (the gateway's
 * message row id), lower first. Equal shared-term counts and equal scores go to the earlier message, and a lookup
 * among earlier messages leaves out every message from its own on. The order depends on the messages only, never on
 * where Lucene placed their documents, so an index rebuilt, or filled again after a crash, proposes what an
 * uninterrupted one does.
 *
 * <p>A key is a message id when it is a canonical decimal number (no sign, no leading zero, at most 18 digits); any
 * other key comes after every message id, and such keys are ordered among themselves by their text (UTF-16 order).
 */
final class MessageIds {

    /**
     * The message id ({@link #NOT_AN_ID} for a key that is not one). A doc value, read per document while candidates
     * are chosen, without loading stored fields; and a point, whose least value in a segment tells that none of its
     * messages can take a candidate's place, or be before the message looked up, so that its documents' ids are not
     * read at all (the usual case for the newer segments of an index filled in id order). Not meant for analysts'
     * queries.
     */
    static final String FIELD = "message_id";

    /** What a key that is not a message id counts as: after every message id, ordered by the key's text. */
    static final long NOT_AN_ID = Long.MAX_VALUE;

    private static final int MAX_DIGITS = 18; // below Long.MAX_VALUE whatever the digits

    private MessageIds() {
    }

    /** The message id of a key, or {@link #NOT_AN_ID}. */
    static long of(String key) {
        int length = key.length();
        if (length == 0 || length > MAX_DIGITS || (length > 1 && key.charAt(0) == '0')) {
            return NOT_AN_ID;
        }
        long id = 0;
        for (int i = 0; i < length; i++) {
            char c = key.charAt(i);
            if (c < '0' || c > '9') {
                return NOT_AN_ID;
            }
            id = id * 10 + (c - '0');
        }
        return id;
    }

    /** The field of a new document: a doc value, and a point for the segment's least id. */
    static LongField field(String key) {
        return new LongField(FIELD, of(key), Field.Store.NO);
    }

    /**
     * Negative when the message of {@code idA} (key {@code keyA}) comes before that of {@code idB}, 0 when they are
     * the same. A key is needed only with {@link #NOT_AN_ID}; a null one there comes last.
     */
    static int compare(long idA, String keyA, long idB, String keyB) {
        if (idA != idB) {
            return Long.compare(idA, idB);
        }
        if (idA != NOT_AN_ID) {
            return 0;
        }
        if (keyA == null || keyB == null) {
            return keyA == null ? (keyB == null ? 0 : 1) : -1;
        }
        return keyA.compareTo(keyB);
    }

    /** {@link #compare} of two keys. */
    static int compare(String keyA, String keyB) {
        return compare(of(keyA), keyA, of(keyB), keyB);
    }

    /** The messages before one message: those a lookup among earlier messages compares it with. */
    record Before(long id, String key) {

        static Before message(String key) {
            return new Before(of(key), key);
        }

        /** Whether a message whose id is {@code leastId} or more may come before. */
        boolean mayAdmitFrom(long leastId) {
            return leastId < id || (leastId == id && id == NOT_AN_ID);
        }

        /** Whether every message whose id is {@code greatestId} or less comes before. */
        boolean admitsAllUpTo(long greatestId) {
            return greatestId < id;
        }

        /** Whether the message of {@code otherId} (key {@code otherKey}, see {@link #compare}) comes before. */
        boolean admits(long otherId, String otherKey) {
            return compare(otherId, otherKey, id, key) < 0;
        }
    }

    /**
     * The message ids of one segment's documents, cheapest asked in increasing document order (doc values are read
     * forward; going back opens them again). Documents indexed before {@link #FIELD} existed have their id worked out
     * from their key, read from the near-duplicate doc value ({@link CandidateFeatures}) or else from the stored
     * fields, so that an index written by an older version proposes what a rebuilt one does (only more slowly).
     */
    static final class Segment {

        private final LeafReader reader;
        private SortedNumericDocValues ids;
        private BinaryDocValues features;
        private StoredFields stored;

        Segment(LeafReader reader) {
            this.reader = reader;
        }

        /**
         * No document of the segment has a lower message id; {@link Long#MIN_VALUE} when some documents have none
         * recorded (indexed before {@link #FIELD} existed).
         */
        long leastId() throws IOException {
            PointValues points = reader.getPointValues(FIELD);
            if (points == null || points.getDocCount() < reader.maxDoc()) {
                return Long.MIN_VALUE;
            }
            return LongPoint.decodeDimension(points.getMinPackedValue(), 0);
        }

        /**
         * No document of the segment has a higher message id; {@link Long#MAX_VALUE} when some documents have none
         * recorded (indexed before {@link #FIELD} existed).
         */
        long greatestId() throws IOException {
            PointValues points = reader.getPointValues(FIELD);
            if (points == null || points.getDocCount() < reader.maxDoc()) {
                return Long.MAX_VALUE;
            }
            return LongPoint.decodeDimension(points.getMaxPackedValue(), 0);
        }

        /** The message id of segment document {@code doc}, or {@link #NOT_AN_ID} (then see {@link #key}). */
        long id(int doc) throws IOException {
            if (ids == null || doc < ids.docID()) {
                ids = DocValues.getSortedNumeric(reader, FIELD);
            }
            if (ids.advanceExact(doc)) {
                return ids.nextValue(); // the one value: a message has one id
            }
            String key = key(doc);
            return key == null ? NOT_AN_ID : of(key);
        }

        /** The key of segment document {@code doc}; null if it has none. */
        String key(int doc) throws IOException {
            if (features == null || doc < features.docID()) {
                features = DocValues.getBinary(reader, CandidateFeatures.FIELD);
            }
            if (features.advanceExact(doc)) {
                String key = CandidateFeatures.keyOf(features.binaryValue());
                if (key != null) {
                    return key;
                }
            }
            if (stored == null) {
                stored = reader.storedFields();
            }
            return stored.document(doc, Set.of(ReportFields.KEY)).get(ReportFields.KEY);
        }
    }
}
