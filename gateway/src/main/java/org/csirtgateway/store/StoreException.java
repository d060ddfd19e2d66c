package org.csirtgateway.store;

/** A database operation failed. Messages name the operation, never the report content or secrets. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
