package org.csirtgateway.ui.web;

import io.javalin.http.HttpResponseException;

import org.csirtgateway.ui.i18n.Texts;

/**
 * A deliberate HTTP error whose text is a message key: the API (and the log) get the English text, a page gets the
 * reader's language ({@link ErrorHandlers}).
 */
public class LocalizedResponse extends HttpResponseException {

    private final String key;
    private final transient Object[] args;

    public LocalizedResponse(int status, String key, Object... args) {
        super(status, Texts.english().t(key, args));
        this.key = key;
        this.args = args.clone();
    }

    /** The message in the reader's language. */
    public String text(Texts texts) {
        return texts.t(key, args);
    }
}
