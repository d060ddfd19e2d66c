package org.csirtgateway.parse;

/** The message cannot be read at all; the message says why, in words an analyst understands. */
public class ParseException extends Exception {
    public ParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
