package org.csirtgateway.ui.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;

/**
 * Browser sessions of the admin UI, in the database so they survive a restart. The session id is a random 32-byte
 * token given to the browser; the database keeps only its SHA-256. Sessions end at a fixed time after sign-in.
 */
public final class Sessions {

    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(12);
    private static final int TOKEN_BYTES = 32;

    private final Database database;
    private final Clock clock;
    private final Duration lifetime;
    private final Secrets secrets;

    public Sessions(Database database, Clock clock) {
        this(database, clock, DEFAULT_LIFETIME);
    }

    public Sessions(Database database, Clock clock, Duration lifetime) {
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("Session lifetime must be positive: " + lifetime);
        }
        this.database = database;
        this.clock = clock;
        this.lifetime = lifetime;
        this.secrets = new Secrets(new SecureRandom());
    }

    public Duration lifetime() {
        return lifetime;
    }

    /** Starts a session for {@code user} (and forgets expired ones). */
    public Session create(User user) {
        String id = secrets.token(TOKEN_BYTES);
        String csrf = secrets.token(TOKEN_BYTES);
        // Whole seconds: stored instants then all have one text shape and compare correctly in SQL.
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = now.plus(lifetime);
        database.inTransaction(connection -> {
            Sql.update(connection, "DELETE FROM sessions WHERE expires_at <= ?", now);
            return Sql.update(connection, """
                    INSERT INTO sessions (token_sha256, user_id, csrf_token, created_at, expires_at)
                    VALUES (?, ?, ?, ?, ?)""", Secrets.sha256(id), user.id(), csrf, now, expiresAt);
        });
        return new Session(id, user, csrf, expiresAt);
    }

    /** The live session with this id, or empty when unknown, expired or its user is disabled. */
    public Optional<Session> find(String sessionId) {
        if (sessionId == null || sessionId.isEmpty() || sessionId.length() > 100) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return database.read(connection -> Sql.one(connection, """
                        SELECT u.id, u.name, u.role, s.csrf_token, s.expires_at
                          FROM sessions s JOIN users u ON u.id = s.user_id
                         WHERE s.token_sha256 = ? AND u.disabled_at IS NULL""",
                row -> new Session(sessionId, new User(row.getLong("id"), row.getString("name"),
                        Role.parse(row.getString("role"))), row.getString("csrf_token"), Sql.instant(row, "expires_at")),
                Secrets.sha256(sessionId)))
                .filter(session -> session.expiresAt().isAfter(now));
    }

    /** Ends the session (sign-out); unknown ids are ignored. */
    public void delete(String sessionId) {
        if (sessionId == null || sessionId.isEmpty()) {
            return;
        }
        database.inTransaction(connection ->
                Sql.update(connection, "DELETE FROM sessions WHERE token_sha256 = ?", Secrets.sha256(sessionId)));
    }
}
