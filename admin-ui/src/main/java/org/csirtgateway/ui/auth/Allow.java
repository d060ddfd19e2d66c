package org.csirtgateway.ui.auth;

import java.util.Optional;

import io.javalin.security.RouteRole;

/**
 * The lowest role a route admits, declared with the route in the route table ({@code routes.get(path, handler,
 * Allow.ANALYST)}); higher roles are admitted too. {@link AccessFilter} refuses a route that declares none.
 */
public enum Allow implements RouteRole {
    /** Anyone, signed in or not: only the sign-in page, the health check and the stylesheet. */
    ANYONE(null),
    /** Every signed-in user: reading. */
    READ_ONLY(Role.READ_ONLY),
    /** Analysts and admins: working tickets, the quarantine and reporter keys. */
    ANALYST(Role.ANALYST),
    /** Admins only: users, API tokens, the configuration. */
    ADMIN(Role.ADMIN);

    private final Role lowest;

    Allow(Role lowest) {
        this.lowest = lowest;
    }

    /** The lowest role admitted; empty for {@link #ANYONE}. */
    public Optional<Role> lowest() {
        return Optional.ofNullable(lowest);
    }

    /** Whether a request by {@code user} (empty: nobody signed in) is admitted. */
    public boolean admits(Optional<User> user) {
        return lowest == null || user.map(u -> u.role().includes(lowest)).orElse(false);
    }
}
