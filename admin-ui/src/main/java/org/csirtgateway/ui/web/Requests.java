package org.csirtgateway.ui.web;

import io.javalin.http.Context;

/** Facts about a request that several handlers need. */
public final class Requests {

    private Requests() {
    }

    /** Whether the request is for the JSON API (answered with JSON, never with a page or a redirect). */
    public static boolean isApi(Context ctx) {
        String path = ctx.path();
        return path.equals("/api") || path.startsWith("/api/");
    }
}
