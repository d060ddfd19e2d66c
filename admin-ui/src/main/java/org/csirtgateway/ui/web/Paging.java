package org.csirtgateway.ui.web;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;

/** Validated {@code limit} and {@code offset} query parameters. */
public record Paging(int limit, int offset) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;
    /** Deep pages cost the search index more and more; nobody reads this far. */
    public static final int MAX_OFFSET = 100_000;

    /** @throws BadRequestResponse naming the parameter when it is not a whole number in range */
    public static Paging of(Context ctx) {
        return new Paging(number(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT), number(ctx, "offset", 0, 0, MAX_OFFSET));
    }

    private static int number(Context ctx, String name, int defaultValue, int min, int max) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadRequestResponse("Invalid " + name + ": expected a whole number from " + min + " to " + max);
    }
}
