package org.csirtgateway.parse;

/** A hard intake limit was exceeded; the message names the limit, its value and the preset. */
public final class LimitExceededException extends ParseException {

    private final String limit;
    private final long value;

    LimitExceededException(String limit, long value, String preset, String what) {
        super("Intake limit '" + limit + "' (" + value + ", preset " + preset + ") exceeded: " + what, null);
        this.limit = limit;
        this.value = value;
    }

    public String limit() {
        return limit;
    }

    public long value() {
        return value;
    }
}
