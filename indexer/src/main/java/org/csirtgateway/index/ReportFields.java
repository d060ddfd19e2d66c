package org.csirtgateway.index;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexOptions;

/**
 * The fields of a message document, with why each is stored, indexed or tokenised. One document per message.
 *
 * <p>Field names an analyst can write in a query (documented in {@link ReportIndex}): {@code subject}, {@code body},
 * {@code from}, {@code to}, {@code attachment}, {@code attachment_text}, {@code ticket}, {@code status},
 * {@code category}, {@code channel}, {@code encryption}, {@code signature}, {@code received}, the indicator fields
 * {@code ip}, {@code domain}, {@code url}, {@code email}, {@code hash}, {@code cve}, {@code indicator_type}, and one
 * {@code arf_<name>} field per ARF field (name lower-cased, '-' as '_', e.g. {@code arf_feedback_type:abuse}).
 */
final class ReportFields {

    static final String KEY = "key";
    static final String TICKET = "ticket";
    static final String SUBJECT = "subject";
    static final String BODY = "body";
    static final String FROM = "from";
    static final String TO = "to";
    static final String ATTACHMENT = "attachment";
    static final String ATTACHMENT_TEXT = "attachment_text";
    static final String STATUS = "status";
    static final String CATEGORY = "category";
    static final String CHANNEL = "channel";
    static final String ENCRYPTION = "encryption";
    static final String SIGNATURE = "signature";
    static final String RECEIVED = "received";
    static final String INDICATOR_TYPE = "indicator_type";
    static final String ARF_PREFIX = "arf_";
    /** Near-duplicate machinery (see {@link NearDuplicateIndex}); not meant for analysts' queries. */
    static final String LSH_BAND = "lsh";
    static final String MINHASH = "minhash";
    /** The topical words of the message's text, stored so a near-duplicate check need not normalise its body. */
    static final String VOCABULARY = "vocabulary";
    /** The message's indicators, stored as "type value" for the near-duplicate check's overlap measure. */
    static final String STORED_INDICATORS = "indicators";
    /** Longest indicator or ARF value indexed as one term (Lucene refuses terms over 32 KB). */
    static final int MAX_TERM_CHARS = 2_000;

    private static final java.util.regex.Pattern NOT_IN_FIELD_NAME = java.util.regex.Pattern.compile("[^a-z0-9]+");

    /** Searched when a query term names no field. */
    static final String[] DEFAULT_FIELDS = {SUBJECT, BODY, FROM, ATTACHMENT, ATTACHMENT_TEXT};

    /** Exact, lower-cased single-term fields: the query analyzer lower-cases the whole query value for them. */
    static final Set<String> LOWERCASE_KEYWORDS = Set.of(STATUS, CATEGORY, CHANNEL, ENCRYPTION, SIGNATURE,
            INDICATOR_TYPE, Indicator.IP, Indicator.DOMAIN, Indicator.EMAIL, Indicator.HASH, Indicator.CVE);

    /** Exact fields whose value is taken as written. */
    static final Set<String> VERBATIM_KEYWORDS = Set.of(KEY, TICKET, Indicator.URL, LSH_BAND);

    /**
     * Body: tokenised for full-text search, stored so a snippet can be cut from it, and with character offsets in the
     * postings so the highlighter finds the matches without analysing the body again.
     */
    private static final FieldType BODY_TYPE = new FieldType(TextField.TYPE_STORED);

    static {
        BODY_TYPE.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS);
        BODY_TYPE.freeze();
    }

    private ReportFields() {
    }

    /** The field of an ARF field name: {@code Feedback-Type} is {@code arf_feedback_type}. */
    static String arfField(String name) {
        return ARF_PREFIX + NOT_IN_FIELD_NAME.matcher(name.strip().toLowerCase(Locale.ROOT)).replaceAll("_");
    }

    static boolean isLowerCaseKeyword(String field) {
        return LOWERCASE_KEYWORDS.contains(field) || field.startsWith(ARF_PREFIX);
    }

    static Document toDocument(IndexedMessage message, MinHash.Signature signature) {
        return toDocument(message, TextFeatures.ofSignature(signature));
    }

    static Document toDocument(IndexedMessage message, TextFeatures text) {
        MinHash.Signature signature = text.signature();
        Document doc = new Document();
        // key: the message's identity. One exact, untokenised term so index() can replace an earlier version with
        // updateDocument(new Term("key", ...)). Stored: the near-duplicate check names the message it matched.
        doc.add(new StringField(KEY, message.messageKey(), Field.Store.YES));
        // ticket: one exact term for `ticket:CSIRT#2026-000123`; KeywordField also writes doc values, which the
        // search reads to group hits by ticket without loading stored fields. Stored so the index is self-describing
        // when inspected (Luke, CheckIndex).
        doc.add(new KeywordField(TICKET, message.ticketId(), Field.Store.YES));
        // subject: tokenised (English words, CJK bigrams) for full-text search; stored for highlighting the subject
        // in results (small).
        doc.add(new TextField(SUBJECT, message.subject(), Field.Store.YES));
        // from: the sender, tokenised so a name, a mailbox or a domain alone finds it; not stored, results are tickets
        // and the UI reads senders from the database.
        doc.add(new TextField(FROM, message.sender(), Field.Store.NO));
        // to: recipients (To/Cc), tokenised like from ("which of our addresses got it?"); not stored.
        doc.add(new TextField(TO, String.join(" ", message.recipients()), Field.Store.NO));
        // body: see BODY_TYPE: tokenised, stored for snippets, offsets indexed for the highlighter.
        doc.add(new Field(BODY, message.body(), BODY_TYPE));
        // attachment: file names, tokenised so `invoice` finds "Invoice_2026.pdf.exe"; not stored.
        doc.add(new TextField(ATTACHMENT, String.join(" ", message.attachmentNames()), Field.Store.NO));
        // attachment_text: text extracted from attachments, tokenised for full-text search (part of the default
        // fields); not stored: it can be large, and the database keeps it.
        doc.add(new TextField(ATTACHMENT_TEXT, message.attachmentText(), Field.Store.NO));
        // status, category, channel, encryption, signature: one exact lower-cased term each, for the UI filters and
        // `status:open`. KeywordField adds doc values (cheap facet counts later). Not stored: the database is
        // authoritative; the gateway re-indexes a ticket's messages when they change.
        keyword(doc, STATUS, message.status());
        keyword(doc, CATEGORY, message.category());
        keyword(doc, CHANNEL, message.channel());
        keyword(doc, ENCRYPTION, message.encryption());
        keyword(doc, SIGNATURE, message.signature());
        // ip, domain, url, email, hash, cve: one exact term per indicator, in a field named after its type, so
        // `ip:192.0.2.1` never matches 192.0.2.10 and an analyst's "have we seen this?" is one term lookup.
        // indicator_type: which types a message has, for the "has an indicator of type X" filter. Not stored.
        Set<String> types = new HashSet<>();
        for (Indicator indicator : message.indicators()) {
            if (indicator.value().length() > MAX_TERM_CHARS) {
                continue;
            }
            doc.add(new KeywordField(indicator.type(), indicator.value(), Field.Store.NO));
            // stored beside: the near-duplicate check compares a candidate's indicators with the new message's
            doc.add(new StoredField(STORED_INDICATORS, indicator.type() + " " + indicator.value()));
            types.add(indicator.type());
        }
        for (String type : types) {
            doc.add(new StringField(INDICATOR_TYPE, type, Field.Store.NO));
        }
        // arf_<name>: each ARF field as one exact lower-cased term (`arf_feedback_type:abuse`,
        // `arf_source_ip:192.0.2.1`); not stored (the database keeps the report).
        for (Map.Entry<String, String> arf : message.arfFields().entrySet()) {
            String field = arfField(arf.getKey());
            if (!field.equals(ARF_PREFIX) && arf.getValue().length() <= MAX_TERM_CHARS) {
                doc.add(new StringField(field, arf.getValue().strip().toLowerCase(Locale.ROOT), Field.Store.NO));
            }
        }
        // received: epoch milliseconds. LongField indexes points (range queries `received:[... TO ...]`) and doc
        // values (sorting by date, ordering equal scores newest first); stored for inspection.
        doc.add(new LongField(RECEIVED, message.receivedAt().toEpochMilli(), Field.Store.YES));
        // lsh: the MinHash band keys of the normalised text, exact terms: a candidate near-duplicate shares one.
        // minhash: the signature itself, stored (not indexed) to estimate the similarity of a candidate.
        if (signature != null) {
            for (String band : signature.bandKeys()) {
                doc.add(new StringField(LSH_BAND, band, Field.Store.NO));
            }
            doc.add(new StoredField(MINHASH, signature.toBytes()));
        }
        // vocabulary: the topical words of the normalised text (space separated), stored (not indexed): a
        // near-duplicate check that shares indicators with this message compares vocabularies without normalising
        // this message's body again. Absent in documents indexed before it existed; the check then reads the body.
        if (text.vocabulary() != null) {
            String[] sorted = text.vocabulary().toArray(String[]::new);
            java.util.Arrays.sort(sorted);
            doc.add(new StoredField(VOCABULARY, String.join(" ", sorted)));
        }
        // message_id: the key as a number (see MessageIds). Doc values: near-duplicate candidates that share as many
        // terms are taken in message order, and a lookup among earlier messages leaves out the later ones, by reading
        // it per document while the candidates are chosen. A point: a segment's least id lets a lookup pass over the
        // segment's documents without reading theirs. Not stored: the key is.
        doc.add(MessageIds.field(message.messageKey()));
        // near_duplicate_features: key, signature, vocabulary and indicators again, in one binary doc value: what a
        // near-duplicate check reads of each of its candidates, without decompressing their stored fields (see
        // CandidateFeatures). The stored copies above stay for inspection and for older readers.
        doc.add(CandidateFeatures.field(message.messageKey(), signature,
                text.vocabulary(), message.indicators()));
        return doc;
    }

    private static void keyword(Document doc, String field, String value) {
        if (!value.isBlank()) {
            doc.add(new KeywordField(field, value.strip().toLowerCase(Locale.ROOT), Field.Store.NO));
        }
    }

    static List<String> indicatorFields() {
        return List.copyOf(Indicator.TYPES);
    }

    static Collection<String> keywordFields() {
        Set<String> all = new HashSet<>(LOWERCASE_KEYWORDS);
        all.addAll(VERBATIM_KEYWORDS);
        return all;
    }
}
