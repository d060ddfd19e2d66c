package org.csirtgateway.ui.auth;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;

import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;

/**
 * Users of the admin UI and their API tokens. Used by the web server and by the command line
 * ({@code user add}, {@code token create}); free of any web framework.
 *
 * <p>Passwords are kept as Argon2id hashes; API tokens as their SHA-256 only, so the database never holds a
 * credential that works as is. Error messages name the user, never a password or token.
 */
public final class UserAccounts {

    public static final int MIN_PASSWORD_LENGTH = 12;
    /** Argon2 costs the same for any length, but a cap keeps absurd form posts out. */
    public static final int MAX_PASSWORD_LENGTH = 1024;
    public static final int MAX_NAME_LENGTH = 64;
    public static final String TOKEN_PREFIX = "cgw_";
    private static final int TOKEN_BYTES = 32;
    public static final int MAX_LABEL_LENGTH = 200;

    private final Database database;
    private final Clock clock;
    private final PasswordHasher hasher;
    private final Secrets secrets;
    /** Verified against when the user is unknown, so unknown and known names cost the same time. */
    private final String decoyHash;

    public UserAccounts(Database database, Clock clock) {
        this(database, clock, new PasswordHasher());
    }

    public UserAccounts(Database database, Clock clock, PasswordHasher hasher) {
        this.database = database;
        this.clock = clock;
        this.hasher = hasher;
        this.secrets = new Secrets(new SecureRandom());
        this.decoyHash = hasher.hash(secrets.token(24).toCharArray());
    }

    /**
     * Adds a user.
     *
     * @throws IllegalArgumentException when the name is empty, too long or taken, or the password is shorter than
     *                                  {@value #MIN_PASSWORD_LENGTH} characters
     */
    public User addUser(String name, char[] password, Role role) {
        String checkedName = checkName(name);
        if (role == null) {
            throw UserAdministration.roleRequired();
        }
        String hash = hashPassword(checkedName, password);
        return database.inTransaction(connection -> insertUser(connection, checkedName, hash, role));
    }

    /**
     * The Argon2id hash of a new password for {@code userName}.
     *
     * @throws IllegalArgumentException when it is shorter than {@value #MIN_PASSWORD_LENGTH} or longer than
     *                                  {@value #MAX_PASSWORD_LENGTH} characters (the message never holds it)
     */
    String hashPassword(String userName, char[] password) {
        if (password == null || password.length < MIN_PASSWORD_LENGTH) {
            throw new AccountChangeRefused("password-too-short", "Password for user '" + userName + "' is too short: "
                    + "it needs at least " + MIN_PASSWORD_LENGTH + " characters", userName, MIN_PASSWORD_LENGTH);
        }
        if (password.length > MAX_PASSWORD_LENGTH) {
            throw new AccountChangeRefused("password-too-long", "Password for user '" + userName + "' is longer than "
                    + MAX_PASSWORD_LENGTH + " characters", userName, MAX_PASSWORD_LENGTH);
        }
        return hasher.hash(password);
    }

    /** Inserts a user whose name was checked and whose password was hashed, inside the caller's transaction. */
    User insertUser(Connection connection, String checkedName, String passwordHash, Role role) throws SQLException {
        if (findUser(connection, checkedName).isPresent()) {
            throw new AccountChangeRefused("name-taken", "User '" + checkedName + "' already exists", checkedName);
        }
        long id = Sql.insert(connection,
                "INSERT INTO users (name, password_hash, role, created_at) VALUES (?, ?, ?, ?)",
                checkedName, passwordHash, role.dbName(), clock.instant());
        return new User(id, checkedName, role);
    }

    /** The user with this name and password, or empty; takes about the same time whether or not the name exists. */
    public Optional<User> authenticate(String name, char[] password) {
        return check(name, password).user();
    }

    /**
     * Checks a sign-in: the user when the name and password match an enabled account, else why not (for the audit
     * log only; the person signing in is told the same generic message in every case). Takes about the same time
     * whether or not the name exists.
     */
    public SignInCheck check(String name, char[] password) {
        char[] given = password == null || password.length > MAX_PASSWORD_LENGTH ? new char[0] : password;
        Optional<StoredUser> stored = name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH
                ? Optional.empty()
                : database.read(connection -> Sql.one(connection,
                        "SELECT id, name, role, password_hash, disabled_at FROM users WHERE name = ?",
                        row -> new StoredUser(new User(row.getLong("id"), row.getString("name"),
                                Role.parse(row.getString("role"))), row.getString("password_hash"),
                                row.getString("disabled_at") != null),
                        name.trim()));
        boolean matches = hasher.verify(given, stored.map(StoredUser::passwordHash).orElse(decoyHash));
        if (stored.isEmpty()) {
            return SignInCheck.refused("unknown user");
        }
        if (!matches || given.length == 0) {
            return SignInCheck.refused("wrong password");
        }
        if (stored.get().disabled()) {
            return SignInCheck.refused("account disabled");
        }
        return new SignInCheck(stored.map(StoredUser::user), null);
    }

    /**
     * The outcome of a sign-in check.
     *
     * @param failure why it was refused (unknown user, wrong password, account disabled), or null
     */
    public record SignInCheck(Optional<User> user, String failure) {
        static SignInCheck refused(String failure) {
            return new SignInCheck(Optional.empty(), failure);
        }
    }

    /** The user named {@code name}, if any. */
    public Optional<User> find(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return database.read(connection -> findUser(connection, name.trim()));
    }

    /**
     * Creates an API token for the user. The token is returned once and only its SHA-256 is stored.
     *
     * @return {@value #TOKEN_PREFIX} followed by 32 random bytes in URL-safe Base64
     * @throws IllegalArgumentException when there is no such user
     */
    public String createApiToken(String userName, String label) {
        String checkedLabel = checkLabel(label);
        return database.inTransaction(connection -> {
            User user = findUser(connection, userName == null ? "" : userName.trim())
                    .orElseThrow(() -> new IllegalArgumentException("No user named '" + userName + "'"));
            return insertApiToken(connection, user.id(), checkedLabel).token();
        });
    }

    /** A token's label, stripped; at most {@value #MAX_LABEL_LENGTH} characters. */
    static String checkLabel(String label) {
        String checked = label == null ? "" : label.strip();
        if (checked.length() > MAX_LABEL_LENGTH) {
            throw new AccountChangeRefused("label-too-long", "Token label is longer than " + MAX_LABEL_LENGTH
                    + " characters", MAX_LABEL_LENGTH);
        }
        if (checked.chars().anyMatch(Character::isISOControl)) {
            throw new AccountChangeRefused("label-format", "Token label must not contain control characters");
        }
        return checked;
    }

    /** Creates a token for the user inside the caller's transaction; only its SHA-256 is stored. */
    NewToken insertApiToken(Connection connection, long userId, String checkedLabel) throws SQLException {
        String token = TOKEN_PREFIX + secrets.token(TOKEN_BYTES);
        long id = Sql.insert(connection,
                "INSERT INTO api_tokens (user_id, token_sha256, label, created_at) VALUES (?, ?, ?, ?)",
                userId, Secrets.sha256(token), checkedLabel, clock.instant());
        return new NewToken(id, checkedLabel, token);
    }

    /**
     * A token just created: shown once, never stored.
     *
     * @param token {@value #TOKEN_PREFIX} followed by 32 random bytes in URL-safe Base64
     */
    public record NewToken(long id, String label, String token) {
        /** Never prints the token. */
        @Override
        public String toString() {
            return "NewToken[id=" + id + ", label=" + label + "]";
        }
    }

    /** The owner of a valid API token (and records its use), or empty for anything else, or a disabled owner. */
    public Optional<User> userForApiToken(String token) {
        if (token == null || !token.startsWith(TOKEN_PREFIX) || token.length() > 100) {
            return Optional.empty();
        }
        String sha256 = Secrets.sha256(token);
        return database.inTransaction(connection -> {
            Optional<User> user = Sql.one(connection, """
                            SELECT u.id, u.name, u.role FROM api_tokens t JOIN users u ON u.id = t.user_id
                             WHERE t.token_sha256 = ? AND u.disabled_at IS NULL""", row -> new User(row.getLong("id"), row.getString("name"),
                            Role.parse(row.getString("role"))), sha256);
            if (user.isPresent()) {
                Sql.update(connection, "UPDATE api_tokens SET last_used_at = ? WHERE token_sha256 = ?",
                        clock.instant(), sha256);
            }
            return user;
        });
    }

    private static Optional<User> findUser(Connection connection, String name) throws SQLException {
        return Sql.one(connection, "SELECT id, name, role FROM users WHERE name = ?",
                row -> new User(row.getLong("id"), row.getString("name"), Role.parse(row.getString("role"))), name);
    }

    static String checkName(String name) {
        String trimmed = name == null ? "" : name.trim();
        if (trimmed.isEmpty()) {
            throw new AccountChangeRefused("name-required", "A user name is required");
        }
        if (trimmed.length() > MAX_NAME_LENGTH) {
            throw new AccountChangeRefused("name-too-long", "User name is longer than " + MAX_NAME_LENGTH
                    + " characters", MAX_NAME_LENGTH);
        }
        if (trimmed.chars().anyMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c))) {
            throw new AccountChangeRefused("name-format", "User name '" + trimmed.strip()
                    + "' must not contain spaces or control characters", trimmed.strip());
        }
        return trimmed;
    }

    private record StoredUser(User user, String passwordHash, boolean disabled) {
    }
}
