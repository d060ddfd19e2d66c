package org.csirtgateway.ui.auth;

import java.util.Optional;

import io.javalin.http.Context;

/**
 * Who made the current request, as established by {@link AccessFilter}.
 *
 * @param session the browser session, or null when the request carried an API token
 */
public record SignedIn(User user, Session session) {

    private static final String ATTRIBUTE = SignedIn.class.getName();

    public static Optional<SignedIn> of(Context ctx) {
        return Optional.ofNullable(ctx.attribute(ATTRIBUTE));
    }

    void attachTo(Context ctx) {
        ctx.attribute(ATTRIBUTE, this);
    }

    public boolean viaApiToken() {
        return session == null;
    }
}
