package org.csirtgateway.ui.users;

import java.util.Locale;
import java.util.Optional;

/**
 * What a change on the user page did, carried in the redirect after it ({@code ?done=role-changed}) so the page can
 * say so. Only these values are shown; anything else in the query is ignored.
 */
enum Done {
    ADDED, ROLE_CHANGED, DISABLED, ENABLED, PASSWORD_SET, TOKEN_REVOKED;

    String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Optional<String> parse(String wireName) {
        for (Done done : values()) {
            if (done.wireName().equals(wireName)) {
                return Optional.of(done.wireName());
            }
        }
        return Optional.empty();
    }
}
