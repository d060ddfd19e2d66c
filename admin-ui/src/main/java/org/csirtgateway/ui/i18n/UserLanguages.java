package org.csirtgateway.ui.i18n;

import java.util.Optional;

import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;

/** Each user's chosen UI language, in {@code users.language}; none until the user chooses one in the header. */
public final class UserLanguages {

    private final Database database;

    public UserLanguages(Database database) {
        this.database = database;
    }

    /** The language the user chose, or empty when they never did (or the stored value is not one of ours). */
    public Optional<Language> chosen(long userId) {
        return database.read(connection -> Sql.one(connection, "SELECT language FROM users WHERE id = ? AND language IS NOT NULL",
                row -> row.getString(1), userId)).flatMap(Language::parse);
    }

    /** Remembers the user's choice; false when there is no such user. */
    public boolean choose(long userId, Language language) {
        return database.inTransaction(connection -> Sql.update(connection,
                "UPDATE users SET language = ? WHERE id = ?", language.code(), userId)) == 1;
    }
}
