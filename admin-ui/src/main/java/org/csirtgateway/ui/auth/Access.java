package org.csirtgateway.ui.auth;

import java.util.Optional;

import io.javalin.http.Context;

/**
 * What the user of the current request may do, from the route table: pages ask {@code can("POST /users")} before
 * showing a button, and the access filter refuses the same route by the same rule.
 */
public final class Access {

    private static final String ATTRIBUTE = Access.class.getName();
    private static final Access NOBODY = new Access(Optional.empty(), AccessRules.NONE);

    private final Optional<User> user;
    private final AccessRules rules;

    Access(Optional<User> user, AccessRules rules) {
        this.user = user;
        this.rules = rules;
    }

    /** The access of this request, as the access filter established it; nothing when it has not run. */
    public static Access of(Context ctx) {
        Access access = ctx.attribute(ATTRIBUTE);
        return access == null ? NOBODY : access;
    }

    void attachTo(Context ctx) {
        ctx.attribute(ATTRIBUTE, this);
    }

    /**
     * Whether the user may use {@code route}.
     *
     * @param route "METHOD /path" exactly as declared in the route table, e.g. {@code "POST /tickets/{id}/status"}
     */
    public boolean can(String route) {
        return rules.admits(route, user);
    }
}
