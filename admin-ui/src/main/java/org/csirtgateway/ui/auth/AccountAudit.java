package org.csirtgateway.ui.auth;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;

/**
 * The audit log of sign-ins and account changes: who did what to which account, when and from where. It never
 * holds a password or a token: callers pass names, roles and labels only, and a failed sign-in records the name
 * that was tried (cut to the longest valid name) with the reason, never what was typed as the password.
 *
 * <p>Failed sign-ins come from anyone on the network, so they are kept for {@link #FAILED_SIGN_IN_RETENTION} only;
 * everything else is kept.
 */
public final class AccountAudit {

    /** How long failed sign-ins are kept (anonymous clients could otherwise fill the disk). */
    public static final Duration FAILED_SIGN_IN_RETENTION = Duration.ofDays(180);

    /** What happened; stored as its {@link #dbName()}. */
    public enum Action {
        SIGN_IN, SIGN_IN_FAILED, SIGN_OUT, ACCESS_REFUSED, USER_ADDED, ROLE_CHANGED, USER_DISABLED, USER_ENABLED,
        PASSWORD_RESET, TOKEN_CREATED, TOKEN_REVOKED;

        /** e.g. {@code sign-in-failed} */
        public String dbName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * One entry.
     *
     * @param actor   who: a user name, the name tried in a failed sign-in, or "command line (os user)"
     * @param subject the account acted on, or the refused route; null when none
     * @param address the client's IP address; null on the command line
     */
    public record Event(long id, Instant at, String actor, String action, String subject, String address,
                        String detail) {
    }

    private final Database database;
    private final Clock clock;

    public AccountAudit(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** A successful sign-in; also becomes the user's last sign-in. */
    public void signedIn(User user, String address) {
        database.inTransaction(connection -> {
            Instant now = now();
            Sql.update(connection, "UPDATE users SET last_sign_in_at = ? WHERE id = ?", now, user.id());
            return insert(connection, now, user.name(), Action.SIGN_IN, user.name(), address, "");
        });
    }

    /**
     * A refused sign-in.
     *
     * @param triedName the name as typed (cut and cleaned here); never pass the password
     * @param reason    e.g. "wrong password", "unknown user", "locked out"
     */
    public void signInFailed(String triedName, String address, String reason) {
        database.inTransaction(connection -> {
            Instant now = now();
            Sql.update(connection, "DELETE FROM account_audit WHERE action = ? AND at < ?",
                    Action.SIGN_IN_FAILED.dbName(), now.minus(FAILED_SIGN_IN_RETENTION));
            return insert(connection, now, cleanName(triedName), Action.SIGN_IN_FAILED, null, address, reason);
        });
    }

    public void signedOut(User user, String address) {
        database.inTransaction(connection -> insert(connection, now(), user.name(), Action.SIGN_OUT, user.name(),
                address, ""));
    }

    /** A signed-in user was refused a route that needs a higher role. */
    public void refused(User user, String route, String address, Role needed) {
        database.inTransaction(connection -> insert(connection, now(), user.name(), Action.ACCESS_REFUSED, route,
                address, "needs " + needed.dbName() + ", has " + user.role().dbName()));
    }

    /** Records a change inside the caller's transaction, so the change and its record commit together. */
    long record(Connection connection, String actor, Action action, String subject, String address, String detail)
            throws SQLException {
        return insert(connection, now(), actor, action, subject, address, detail);
    }

    /** Newest first. */
    public List<Event> recent(int limit, int offset) {
        return database.read(connection -> Sql.list(connection, """
                        SELECT id, at, actor, action, subject, address, detail FROM account_audit
                         ORDER BY id DESC LIMIT ? OFFSET ?""",
                row -> new Event(row.getLong("id"), Sql.instant(row, "at"), row.getString("actor"),
                        row.getString("action"), row.getString("subject"), row.getString("address"),
                        row.getString("detail")), limit, offset));
    }

    public long count() {
        return database.read(connection -> Sql.count(connection, "SELECT COUNT(*) FROM account_audit"));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private static long insert(Connection connection, Instant at, String actor, Action action, String subject,
                               String address, String detail) throws SQLException {
        return Sql.insert(connection, """
                INSERT INTO account_audit (at, actor, action, subject, address, detail) VALUES (?, ?, ?, ?, ?, ?)""",
                at, actor, action.dbName(), subject, address, detail == null ? "" : detail);
    }

    /** A tried name as recorded: control characters dropped, at most the longest valid name plus an ellipsis. */
    static String cleanName(String name) {
        String clean = name == null ? "" : name.strip().replaceAll("\\p{Cntrl}", "");
        if (clean.length() > UserAccounts.MAX_NAME_LENGTH) {
            clean = clean.substring(0, UserAccounts.MAX_NAME_LENGTH) + "…";
        }
        return clean.isEmpty() ? "(empty)" : clean;
    }
}
