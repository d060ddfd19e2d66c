package org.csirtgateway.ui.web;

import io.javalin.http.Context;
import io.javalin.http.Handler;

/**
 * Headers sent with every response. The policy allows only our own stylesheet and images: no scripts at all, no
 * inline styles, no framing, forms posting only to us, so reporter-controlled text can never become active.
 */
public final class SecurityHeaders implements Handler {

    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; img-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    @Override
    public void handle(Context ctx) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
        // Tickets and tokens must not linger in shared or browser caches; assets override this.
        ctx.header("Cache-Control", "no-store");
    }
}
