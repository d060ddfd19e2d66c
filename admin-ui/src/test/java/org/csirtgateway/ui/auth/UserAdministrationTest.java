package org.csirtgateway.ui.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;

import org.csirtgateway.store.Database;
import org.csirtgateway.ui.auth.UserAdministration.NewPassword;
import org.csirtgateway.ui.auth.UserAdministration.UserSummary;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The rules of user administration. Threats: the team locks itself out (no admin left), a disabled account keeps
 * working through a session or token it already had, and passwords or tokens end up in the audit log.
 */
class UserAdministrationTest {

    private static final String ADMIN_PASSWORD = "the admin's long password";

    @TempDir
    Path directory;
    Database database;
    UserAccounts accounts;
    Sessions sessions;
    UserAdministration administration;
    User root;
    Actor rootActor;

    @BeforeEach
    void open() {
        database = Database.open(directory.resolve("gateway.db"));
        accounts = new UserAccounts(database, Clock.systemUTC());
        sessions = new Sessions(database, Clock.systemUTC());
        administration = new UserAdministration(database, accounts, new AccountAudit(database, Clock.systemUTC()),
                Clock.systemUTC());
        root = accounts.addUser("root", ADMIN_PASSWORD.toCharArray(), Role.ADMIN);
        rootActor = Actor.of(root, "192.0.2.1");
    }

    @Test
    void anEmptyInitialPasswordIsGeneratedStrongAndWorks() {
        NewPassword added = administration.addUser(rootActor, "bob", Role.ANALYST, new char[0]);

        assertThat(added.generated()).hasSize(20).matches("[A-Za-z0-9_-]+");
        assertThat(accounts.authenticate("bob", added.generated().toCharArray())).isPresent();
        assertThat(added.user().role()).isEqualTo(Role.ANALYST);
        assertThat(added.toString()).doesNotContain(added.generated());
        assertThat(administration.addUser(rootActor, "carol", Role.ANALYST, null).generated())
                .isNotEqualTo(added.generated());
    }

    @Test
    void aChosenPasswordMustHaveTwelveCharactersAndIsNotReturned() {
        assertThatThrownBy(() -> administration.addUser(rootActor, "bob", Role.ANALYST, "short".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Password for user 'bob' is too short: it needs at least 12 characters");
        NewPassword added = administration.addUser(rootActor, "bob", Role.ANALYST, "twelve chars!".toCharArray());
        assertThat(added.generated()).isNull();
        assertThat(accounts.authenticate("bob", "twelve chars!".toCharArray())).isPresent();
    }

    @Test
    void theLastEnabledAdminCannotBeDemotedOrDisabled() {
        UserSummary second = administration.addUser(rootActor, "admin2", Role.ADMIN, null).user();
        Actor secondActor = Actor.of(new User(second.id(), second.name(), second.role()), "192.0.2.2");
        administration.disable(rootActor, second.id());

        assertThatThrownBy(() -> administration.changeRole(secondActor, root.id(), Role.ANALYST))
                .isInstanceOf(AccountChangeRefused.class)
                .hasMessage("'root' is the last enabled admin; make another user admin first.")
                .extracting(e -> ((AccountChangeRefused) e).rule()).isEqualTo("last-admin");
        assertThatThrownBy(() -> administration.disable(secondActor, root.id()))
                .isInstanceOf(AccountChangeRefused.class).hasMessageContaining("last enabled admin");
        assertThat(administration.user(root.id()).orElseThrow().role()).isEqualTo(Role.ADMIN);
        assertThat(administration.user(root.id()).orElseThrow().disabled()).isFalse();
    }

    @Test
    void anAdminCannotRemoveTheirOwnAdminRoleNorDisableThemselves() {
        administration.addUser(rootActor, "admin2", Role.ADMIN, null);

        assertThatThrownBy(() -> administration.changeRole(rootActor, root.id(), Role.READ_ONLY))
                .isInstanceOf(AccountChangeRefused.class)
                .hasMessage("You cannot remove your own admin role; another admin must do it.");
        assertThatThrownBy(() -> administration.disable(rootActor, root.id()))
                .isInstanceOf(AccountChangeRefused.class)
                .hasMessage("You cannot disable your own account; another admin must do it.");
    }

    @Test
    void anotherAdminMayDemoteAnAdminWhileOneRemains() {
        UserSummary second = administration.addUser(rootActor, "admin2", Role.ADMIN, null).user();

        UserSummary demoted = administration.changeRole(rootActor, second.id(), Role.ANALYST);

        assertThat(demoted.role()).isEqualTo(Role.ANALYST);
    }

    @Test
    void aDisabledUsersSessionsAndTokensStopWorkingAtOnce() {
        UserSummary bob = administration.addUser(rootActor, "bob", Role.ANALYST, "bob's long password".toCharArray())
                .user();
        Session session = sessions.create(accounts.find("bob").orElseThrow());
        String token = administration.createToken(rootActor, bob.id(), "siem").token();
        assertThat(sessions.find(session.id())).isPresent();
        assertThat(accounts.userForApiToken(token)).isPresent();

        administration.disable(rootActor, bob.id());

        assertThat(sessions.find(session.id())).isEmpty();
        assertThat(accounts.userForApiToken(token)).isEmpty();
        assertThat(accounts.check("bob", "bob's long password".toCharArray()).failure()).isEqualTo("account disabled");
        assertThatThrownBy(() -> administration.createToken(rootActor, bob.id(), "another"))
                .isInstanceOf(AccountChangeRefused.class).hasMessageContaining("is disabled");

        administration.enable(rootActor, bob.id());
        assertThat(accounts.authenticate("bob", "bob's long password".toCharArray())).isPresent();
        assertThat(accounts.userForApiToken(token)).isPresent();
    }

    @Test
    void aRoleChangeAppliesToTheUsersExistingSession() {
        UserSummary bob = administration.addUser(rootActor, "bob", Role.ANALYST, null).user();
        Session session = sessions.create(accounts.find("bob").orElseThrow());

        administration.changeRole(rootActor, bob.id(), Role.READ_ONLY);

        assertThat(sessions.find(session.id())).hasValueSatisfying(found ->
                assertThat(found.user().role()).isEqualTo(Role.READ_ONLY));
    }

    @Test
    void aPasswordResetEndsTheUsersSessionsButNotTheAdminsOwn() {
        UserSummary bob = administration.addUser(rootActor, "bob", Role.ANALYST, null).user();
        Session bobs = sessions.create(accounts.find("bob").orElseThrow());
        Session roots = sessions.create(root);

        NewPassword reset = administration.resetPassword(rootActor, bob.id(), null);
        administration.resetPassword(rootActor, root.id(), "root's new long password".toCharArray());

        assertThat(reset.generated()).hasSize(20);
        assertThat(accounts.authenticate("bob", reset.generated().toCharArray())).isPresent();
        assertThat(sessions.find(bobs.id())).isEmpty();
        assertThat(sessions.find(roots.id())).isPresent();
        assertThat(accounts.authenticate("root", ADMIN_PASSWORD.toCharArray())).isEmpty();
    }

    @Test
    void aRevokedTokenStopsWorkingAndOnlyTheOwnersTokenCanBeRevokedThroughTheOwner() {
        UserSummary bob = administration.addUser(rootActor, "bob", Role.ANALYST, null).user();
        UserAccounts.NewToken token = administration.createToken(rootActor, bob.id(), "siem");
        String rootToken = accounts.createApiToken("root", "mine");
        long rootTokenId = administration.tokens(root.id()).get(0).id();

        assertThatThrownBy(() -> administration.revokeToken(rootActor, bob.id(), rootTokenId))
                .isInstanceOf(AccountNotFound.class).hasMessage("User 'bob' has no API token " + rootTokenId);
        administration.revokeToken(rootActor, bob.id(), token.id());

        assertThat(accounts.userForApiToken(token.token())).isEmpty();
        assertThat(accounts.userForApiToken(rootToken)).isPresent();
        assertThat(administration.tokens(bob.id())).isEmpty();
    }

    @Test
    void everyChangeIsRecordedWithWhoAndWhereButNeverAPasswordOrToken() throws IOException {
        NewPassword bob = administration.addUser(rootActor, "bob", Role.ANALYST, null);
        administration.changeRole(rootActor, bob.user().id(), Role.READ_ONLY);
        UserAccounts.NewToken token = administration.createToken(rootActor, bob.user().id(), "siem");
        administration.revokeToken(rootActor, bob.user().id(), token.id());
        administration.disable(rootActor, bob.user().id());
        administration.enable(rootActor, bob.user().id());
        NewPassword reset = administration.resetPassword(rootActor, bob.user().id(), null);
        administration.addUser(Actor.commandLine(), "carol", Role.ADMIN, "carol's long password".toCharArray());

        List<AccountAudit.Event> events = administration.audit().recent(50, 0);
        assertThat(events).extracting(AccountAudit.Event::action).containsExactly("user-added", "password-reset",
                "user-enabled", "user-disabled", "token-revoked", "token-created", "role-changed", "user-added");
        assertThat(events.subList(1, events.size())).allSatisfy(event -> {
            assertThat(event.actor()).isEqualTo("root");
            assertThat(event.subject()).isEqualTo("bob");
            assertThat(event.address()).isEqualTo("192.0.2.1");
            assertThat(event.at()).isNotNull();
        });
        assertThat(events.get(0).actor()).startsWith("command line (");
        assertThat(events.get(0).address()).isNull();
        assertThat(events.get(6).detail()).isEqualTo("analyst to read-only");
        assertThat(databaseFilesContain(bob.generated())).isFalse();
        assertThat(databaseFilesContain(reset.generated())).isFalse();
        assertThat(databaseFilesContain(token.token())).isFalse();
        assertThat(databaseFilesContain("carol's long password")).isFalse();
    }

    @Test
    void unknownUsersAreNamedInTheError() {
        assertThatThrownBy(() -> administration.disable(rootActor, 999))
                .isInstanceOf(AccountNotFound.class).hasMessage("No user 999");
    }

    private boolean databaseFilesContain(String text) throws IOException {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("gateway.db")).toList()) {
                String haystack = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                if (haystack.contains(new String(needle, StandardCharsets.ISO_8859_1))) {
                    return true;
                }
            }
        }
        return false;
    }
}
