package org.csirtgateway.ui.web;

import java.time.Duration;

import io.javalin.http.Context;

/**
 * Writes the UI's cookies: always HttpOnly, SameSite=Strict and host-only; Secure when the server is configured
 * for HTTPS (directly or behind a TLS-terminating proxy).
 */
public final class Cookies {

    private final boolean secure;

    public Cookies(boolean secure) {
        this.secure = secure;
    }

    /** Sets a cookie whose value is URL-safe Base64 (no quoting needed). */
    public void set(Context ctx, String name, String value, String path, Duration maxAge) {
        ctx.res().addHeader("Set-Cookie", name + "=" + value + attributes(path, maxAge.toSeconds()));
    }

    public void clear(Context ctx, String name, String path) {
        ctx.res().addHeader("Set-Cookie", name + "=" + attributes(path, 0));
    }

    private String attributes(String path, long maxAgeSeconds) {
        return "; Path=" + path + "; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }
}
