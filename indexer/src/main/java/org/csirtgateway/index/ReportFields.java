package org.csirtgateway.index;

import java.util.Locale;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexOptions;

/** The fields of a message document, with why each is stored, indexed or tokenised. One document per message. */
final class ReportFields {

    static final String KEY = "key";
    static final String TICKET = "ticket";
    static final String SUBJECT = "subject";
    static final String BODY = "body";
    static final String FROM = "from";
    static final String STATUS = "status";
    static final String RECEIVED = "received";

    /** Searched when a query term names no field. */
    static final String[] DEFAULT_FIELDS = {SUBJECT, BODY, FROM};

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

    static Document toDocument(IndexedMessage message) {
        Document doc = new Document();
        // key: the message's identity. One exact, untokenised term so index() can replace an earlier version with
        // updateDocument(new Term("key", ...)). Not stored: the gateway owns its keys, search results are tickets.
        doc.add(new StringField(KEY, message.messageKey(), Field.Store.NO));
        // ticket: one exact term for `ticket:CSIRT#2026-000123`; KeywordField also writes doc values, which the
        // search reads to group hits by ticket without loading stored fields. Stored so the index is self-describing
        // when inspected (Luke, CheckIndex).
        doc.add(new KeywordField(TICKET, message.ticketId(), Field.Store.YES));
        // subject: tokenised (English words, CJK bigrams) for full-text search; not stored, results are tickets and
        // the UI reads subjects from the database.
        doc.add(new TextField(SUBJECT, message.subject(), Field.Store.NO));
        // from: the sender, tokenised so a name, a mailbox or a domain alone finds it; not stored, as the subject.
        doc.add(new TextField(FROM, message.sender(), Field.Store.NO));
        // body: see BODY_TYPE: tokenised, stored for snippets, offsets indexed for the highlighter.
        doc.add(new Field(BODY, message.body(), BODY_TYPE));
        // status: one exact term, lower-cased so `status:open` finds "OPEN". Not stored: it is the status at indexing
        // time and the database is authoritative; the gateway re-indexes a ticket's messages when it changes.
        doc.add(new StringField(STATUS, message.status().toLowerCase(Locale.ROOT), Field.Store.NO));
        // received: epoch milliseconds. LongField indexes points (range queries `received:[... TO ...]`) and doc
        // values (read while grouping to order equal scores newest first); stored for inspection.
        doc.add(new LongField(RECEIVED, message.receivedAt().toEpochMilli(), Field.Store.YES));
        return doc;
    }
}
