package org.csirtgateway.index;

/** A search query that cannot be parsed; the message says what is wrong in words an analyst understands. */
public final class InvalidQueryException extends Exception {
    public InvalidQueryException(String message, Throwable cause) {
        super(message, cause);
    }
}
