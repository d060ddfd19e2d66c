package org.csirtgateway.ui.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.stream.Stream;

import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Threat: a copy of the database (backup, stolen disk) must not contain a credential that works as is. */
class UserAccountsTest {

    @TempDir
    Path directory;
    Database database;
    UserAccounts accounts;

    @BeforeEach
    void open() {
        database = Database.open(directory.resolve("gateway.db"));
        accounts = new UserAccounts(database, Clock.systemUTC());
    }

    @Test
    void addedUserAuthenticatesWithItsPasswordOnly() {
        User added = accounts.addUser("bob", "twelve chars!".toCharArray(), Role.READ_ONLY);

        assertThat(accounts.authenticate("bob", "twelve chars!".toCharArray())).contains(added);
        assertThat(accounts.authenticate("bob", "twelve chars?".toCharArray())).isEmpty();
        assertThat(accounts.authenticate("nobody", "twelve chars!".toCharArray())).isEmpty();
        assertThat(added.role()).isEqualTo(Role.READ_ONLY);
        Optional<String> storedRole = database.read(c ->
                Sql.one(c, "SELECT role FROM users WHERE name = 'bob'", r -> r.getString(1)));
        assertThat(storedRole).contains("read-only");
    }

    @Test
    void duplicateNameIsRefusedWithAClearMessage() {
        accounts.addUser("bob", "twelve chars!".toCharArray(), Role.ANALYST);
        assertThatThrownBy(() -> accounts.addUser("bob", "another password".toCharArray(), Role.ADMIN))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("User 'bob' already exists");
    }

    @Test
    void passwordShorterThanTwelveCharactersIsRefused() {
        assertThatThrownBy(() -> accounts.addUser("bob", "elevenchars".toCharArray(), Role.ANALYST))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 12 characters")
                .hasMessageNotContaining("elevenchars");
        assertThat(accounts.find("bob")).isEmpty();
    }

    @Test
    void rolesParseFromTheirDatabaseNames() {
        assertThat(Role.parse("read-only")).isEqualTo(Role.READ_ONLY);
        assertThat(Role.parse("ADMIN")).isEqualTo(Role.ADMIN);
        assertThatThrownBy(() -> Role.parse("root")).hasMessageContaining("admin, analyst or read-only");
    }

    @Test
    void apiTokensAreStoredOnlyAsTheirHash() throws IOException {
        accounts.addUser("bot", "a long robot password".toCharArray(), Role.ANALYST);
        String token = accounts.createApiToken("bot", "siem");

        assertThat(token).startsWith("cgw_").hasSize(4 + 43);
        assertThat(accounts.userForApiToken(token)).hasValueSatisfying(u -> assertThat(u.name()).isEqualTo("bot"));
        assertThat(accounts.userForApiToken(token + "x")).isEmpty();
        assertThat(accounts.userForApiToken("cgw_" + "A".repeat(43))).isEmpty();
        assertThat(accounts.createApiToken("bot", "second")).isNotEqualTo(token);
        assertThat(databaseFilesContain(token)).isFalse();
        assertThat(databaseFilesContain(token.substring(4))).isFalse();
        Optional<String> lastUsed = database.read(c ->
                Sql.one(c, "SELECT last_used_at FROM api_tokens WHERE label = 'siem'", r -> r.getString(1)));
        assertThat(lastUsed).isPresent();
    }

    @Test
    void tokenForAnUnknownUserIsRefused() {
        assertThatThrownBy(() -> accounts.createApiToken("ghost", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("No user named 'ghost'");
    }

    @Test
    void sessionIdsAreStoredOnlyAsTheirHashAndExpire() throws IOException {
        User user = accounts.addUser("carol", "twelve chars!".toCharArray(), Role.ANALYST);
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));
        Sessions sessions = new Sessions(database, clock);

        Session session = sessions.create(user);

        assertThat(sessions.find(session.id())).hasValueSatisfying(found -> {
            assertThat(found.user()).isEqualTo(user);
            assertThat(found.csrfToken()).isEqualTo(session.csrfToken());
        });
        assertThat(session.toString()).doesNotContain(session.id(), session.csrfToken());
        assertThat(databaseFilesContain(session.id())).isFalse();
        clock.now = clock.now.plus(Duration.ofHours(12));
        assertThat(sessions.find(session.id())).isEmpty();
    }

    @Test
    void deletedSessionIsGone() {
        User user = accounts.addUser("dave", "twelve chars!".toCharArray(), Role.ANALYST);
        Sessions sessions = new Sessions(database, Clock.systemUTC());
        Session session = sessions.create(user);

        sessions.delete(session.id());

        assertThat(sessions.find(session.id())).isEmpty();
        assertThat(sessions.find("made-up")).isEmpty();
        assertThat(sessions.find(null)).isEmpty();
    }

    /** Searches the database file and its WAL for the text (as SQLite would store it: UTF-8). */
    private boolean databaseFilesContain(String text) throws IOException {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("gateway.db")).toList()) {
                if (indexOf(Files.readAllBytes(file), needle) >= 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
