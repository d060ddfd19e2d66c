package org.csirtgateway.ui.auth;

import java.time.Instant;

/**
 * A signed-in browser session.
 *
 * @param id        the secret cookie value (only its SHA-256 is stored)
 * @param csrfToken the token every form POST of this session must carry
 */
public record Session(String id, User user, String csrfToken, Instant expiresAt) {

    /** Never prints the secrets, so a logged session cannot be replayed. */
    @Override
    public String toString() {
        return "Session[user=" + user.name() + ", expiresAt=" + expiresAt + "]";
    }
}
