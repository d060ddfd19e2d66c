package org.csirtgateway.ui.auth;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;

/**
 * Managing the users of the admin UI: add, change role, disable and enable, reset password, create and revoke API
 * tokens. Used by the users page and API and by the command line; free of any web framework.
 *
 * <p>Rules, each refused with an {@link AccountChangeRefused} that says what to do instead:
 * <ul>
 *   <li>at least one enabled admin remains (checked in the same transaction as the change);</li>
 *   <li>an admin cannot remove their own admin role, nor disable their own account: another admin must;</li>
 *   <li>a disabled user gets no new API token.</li>
 * </ul>
 * A disabled user's sessions end at once, and its API tokens stop working at once (they are checked against the
 * account on every request). Every change is recorded in the {@link AccountAudit} log in the same transaction, with
 * who made it; passwords and tokens are never recorded.
 */
public final class UserAdministration {

    /** Generated passwords: 15 random bytes, 20 characters of URL-safe Base64 (120 bits). */
    private static final int GENERATED_PASSWORD_BYTES = 15;

    private final Database database;
    private final UserAccounts accounts;
    private final AccountAudit audit;
    private final Clock clock;
    private final Secrets secrets = new Secrets(new SecureRandom());

    public UserAdministration(Database database, UserAccounts accounts, AccountAudit audit, Clock clock) {
        this.database = database;
        this.accounts = accounts;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * A user as the users page lists it.
     *
     * @param lastSignInAt null when never signed in (through the UI)
     * @param disabledAt   null when the account is enabled
     * @param tokens       how many API tokens it has
     */
    public record UserSummary(long id, String name, Role role, Instant createdAt, Instant lastSignInAt,
                              Instant disabledAt, int tokens) {
        public boolean disabled() {
            return disabledAt != null;
        }
    }

    /** An API token as listed (the token itself is never kept). */
    public record TokenSummary(long id, String label, Instant createdAt, Instant lastUsedAt) {
    }

    /**
     * A password that was just set.
     *
     * @param generated the password when it was generated here, to show once; null when the admin chose it
     */
    public record NewPassword(UserSummary user, String generated) {
        /** Never prints the password. */
        @Override
        public String toString() {
            return "NewPassword[user=" + user.name() + ", generated=" + (generated != null) + "]";
        }
    }

    /** The audit log, for the page that shows it. */
    public AccountAudit audit() {
        return audit;
    }

    /** Every user, by name. */
    public List<UserSummary> users() {
        return database.read(connection -> Sql.list(connection, SELECT_USERS + " ORDER BY u.name",
                UserAdministration::summary));
    }

    public Optional<UserSummary> user(long id) {
        return database.read(connection -> find(connection, id));
    }

    public Optional<UserSummary> userNamed(String name) {
        return database.read(connection -> Sql.one(connection, SELECT_USERS + " WHERE u.name = ?",
                UserAdministration::summary, name == null ? "" : name.strip()));
    }

    /** The user's API tokens, newest first. */
    public List<TokenSummary> tokens(long userId) {
        return database.read(connection -> Sql.list(connection, """
                        SELECT id, label, created_at, last_used_at FROM api_tokens WHERE user_id = ? ORDER BY id DESC""",
                row -> new TokenSummary(row.getLong("id"), row.getString("label"), Sql.instant(row, "created_at"),
                        Sql.instant(row, "last_used_at")), userId));
    }

    /**
     * Adds a user.
     *
     * @param password the initial password, or null or empty to generate one (returned once, to hand over)
     * @throws IllegalArgumentException when the name is invalid or taken, or the password too short or too long
     */
    public NewPassword addUser(Actor actor, String name, Role role, char[] password) {
        String checkedName = UserAccounts.checkName(name);
        if (role == null) {
            throw roleRequired();
        }
        String generated = password == null || password.length == 0 ? generatePassword() : null;
        String hash = accounts.hashPassword(checkedName, generated != null ? generated.toCharArray() : password);
        return database.inTransaction(connection -> {
            User user = accounts.insertUser(connection, checkedName, hash, role);
            audit.record(connection, actor.name(), AccountAudit.Action.USER_ADDED, user.name(), actor.address(),
                    "role " + role.dbName() + (generated != null ? ", password generated" : ", password set"));
            return new NewPassword(existing(connection, user.id()), generated);
        });
    }

    /** Gives the user another role; takes effect on its next request. */
    public UserSummary changeRole(Actor actor, long userId, Role role) {
        if (role == null) {
            throw roleRequired();
        }
        return database.inTransaction(connection -> {
            UserSummary user = existing(connection, userId);
            if (user.role() == role) {
                return user;
            }
            if (user.role() == Role.ADMIN) {
                if (actor.is(userId)) {
                    throw new AccountChangeRefused("own-admin-role", "You cannot remove your own admin role; "
                            + "another admin must do it.");
                }
                requireAnotherEnabledAdmin(connection, user);
            }
            Sql.update(connection, "UPDATE users SET role = ? WHERE id = ?", role.dbName(), userId);
            audit.record(connection, actor.name(), AccountAudit.Action.ROLE_CHANGED, user.name(), actor.address(),
                    user.role().dbName() + " to " + role.dbName());
            return existing(connection, userId);
        });
    }

    /** Disables the account: it cannot sign in, and its sessions and API tokens stop working at once. */
    public UserSummary disable(Actor actor, long userId) {
        return database.inTransaction(connection -> {
            UserSummary user = existing(connection, userId);
            if (user.disabled()) {
                return user;
            }
            if (actor.is(userId)) {
                throw new AccountChangeRefused("own-account", "You cannot disable your own account; another admin "
                        + "must do it.");
            }
            if (user.role() == Role.ADMIN) {
                requireAnotherEnabledAdmin(connection, user);
            }
            Sql.update(connection, "UPDATE users SET disabled_at = ? WHERE id = ?", now(), userId);
            int sessions = Sql.update(connection, "DELETE FROM sessions WHERE user_id = ?", userId);
            audit.record(connection, actor.name(), AccountAudit.Action.USER_DISABLED, user.name(), actor.address(),
                    sessions + (sessions == 1 ? " session ended" : " sessions ended"));
            return existing(connection, userId);
        });
    }

    /** Enables a disabled account again (its API tokens work again; revoke them first if they should not). */
    public UserSummary enable(Actor actor, long userId) {
        return database.inTransaction(connection -> {
            UserSummary user = existing(connection, userId);
            if (!user.disabled()) {
                return user;
            }
            Sql.update(connection, "UPDATE users SET disabled_at = NULL WHERE id = ?", userId);
            audit.record(connection, actor.name(), AccountAudit.Action.USER_ENABLED, user.name(), actor.address(), "");
            return existing(connection, userId);
        });
    }

    /**
     * Sets a new password and ends the user's sessions (except when admins reset their own: then they stay signed
     * in). API tokens are not affected.
     *
     * @param password the new password, or null or empty to generate one (returned once, to hand over)
     */
    public NewPassword resetPassword(Actor actor, long userId, char[] password) {
        UserSummary before = user(userId).orElseThrow(() -> notFound(userId));
        String generated = password == null || password.length == 0 ? generatePassword() : null;
        String hash = accounts.hashPassword(before.name(), generated != null ? generated.toCharArray() : password);
        return database.inTransaction(connection -> {
            UserSummary user = existing(connection, userId);
            Sql.update(connection, "UPDATE users SET password_hash = ? WHERE id = ?", hash, userId);
            int sessions = actor.is(userId) ? 0 : Sql.update(connection, "DELETE FROM sessions WHERE user_id = ?",
                    userId);
            audit.record(connection, actor.name(), AccountAudit.Action.PASSWORD_RESET, user.name(), actor.address(),
                    (generated != null ? "generated" : "set by " + actor.name()) + "; " + sessions
                            + (sessions == 1 ? " session ended" : " sessions ended"));
            return new NewPassword(user, generated);
        });
    }

    /** Creates an API token for the user; the token is returned once and only its SHA-256 is stored. */
    public UserAccounts.NewToken createToken(Actor actor, long userId, String label) {
        String checkedLabel = UserAccounts.checkLabel(label);
        return database.inTransaction(connection -> {
            UserSummary user = existing(connection, userId);
            if (user.disabled()) {
                throw new AccountChangeRefused("disabled-user", "User '" + user.name() + "' is disabled; enable the "
                        + "account before creating a token for it.", user.name());
            }
            UserAccounts.NewToken token = accounts.insertApiToken(connection, userId, checkedLabel);
            audit.record(connection, actor.name(), AccountAudit.Action.TOKEN_CREATED, user.name(), actor.address(),
                    "token " + token.id() + (checkedLabel.isEmpty() ? "" : " '" + checkedLabel + "'"));
            return token;
        });
    }

    /** Revokes one of the user's API tokens: it stops working at once. */
    public void revokeToken(Actor actor, long userId, long tokenId) {
        database.inTransaction(connection -> {
            UserSummary user = existing(connection, userId);
            String label = Sql.one(connection, "SELECT label FROM api_tokens WHERE id = ? AND user_id = ?",
                    row -> row.getString(1), tokenId, userId)
                    .orElseThrow(() -> new AccountNotFound("User '" + user.name() + "' has no API token " + tokenId));
            Sql.update(connection, "DELETE FROM api_tokens WHERE id = ?", tokenId);
            audit.record(connection, actor.name(), AccountAudit.Action.TOKEN_REVOKED, user.name(), actor.address(),
                    "token " + tokenId + (label.isEmpty() ? "" : " '" + label + "'"));
            return null;
        });
    }

    /**
     * The role named {@code name} (admin, analyst, read-only), for forms and API bodies.
     *
     * @throws AccountChangeRefused role-required when it is missing, role-unknown when it is none of them
     */
    public static Role role(String name) {
        if (name == null || name.isBlank()) {
            throw roleRequired();
        }
        try {
            return Role.parse(name);
        } catch (IllegalArgumentException e) {
            String shown = name.length() > UserAccounts.MAX_NAME_LENGTH
                    ? name.substring(0, UserAccounts.MAX_NAME_LENGTH) + "…" : name;
            throw new AccountChangeRefused("role-unknown", "Unknown role '" + shown + "'; use admin, analyst or "
                    + "read-only", shown);
        }
    }

    static AccountChangeRefused roleRequired() {
        return new AccountChangeRefused("role-required", "A role is required: admin, analyst or read-only");
    }

    private void requireAnotherEnabledAdmin(Connection connection, UserSummary admin) throws SQLException {
        long others = Sql.count(connection, """
                SELECT COUNT(*) FROM users WHERE role = ? AND disabled_at IS NULL AND id <> ?""",
                Role.ADMIN.dbName(), admin.id());
        if (others == 0) {
            throw new AccountChangeRefused("last-admin", "'" + admin.name() + "' is the last enabled admin; make "
                    + "another user admin first.", admin.name());
        }
    }

    private String generatePassword() {
        return secrets.token(GENERATED_PASSWORD_BYTES);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private static UserSummary existing(Connection connection, long id) throws SQLException {
        return find(connection, id).orElseThrow(() -> notFound(id));
    }

    private static AccountNotFound notFound(long id) {
        return new AccountNotFound("No user " + id);
    }

    private static Optional<UserSummary> find(Connection connection, long id) throws SQLException {
        return Sql.one(connection, SELECT_USERS + " WHERE u.id = ?", UserAdministration::summary, id);
    }

    private static final String SELECT_USERS = """
            SELECT u.id, u.name, u.role, u.created_at, u.last_sign_in_at, u.disabled_at,
                   (SELECT COUNT(*) FROM api_tokens t WHERE t.user_id = u.id) AS tokens
              FROM users u""";

    private static UserSummary summary(ResultSet row) throws SQLException {
        return new UserSummary(row.getLong("id"), row.getString("name"), Role.parse(row.getString("role")),
                Sql.instant(row, "created_at"), Sql.instant(row, "last_sign_in_at"), Sql.instant(row, "disabled_at"),
                row.getInt("tokens"));
    }
}
