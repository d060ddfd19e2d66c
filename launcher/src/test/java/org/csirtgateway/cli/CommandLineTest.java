package org.csirtgateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import org.csirtgateway.store.Database;
import org.csirtgateway.ui.auth.AccountAudit;
import org.csirtgateway.ui.auth.Role;
import org.csirtgateway.ui.auth.UserAccounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The operator's commands, run as the csirt-gateway script runs them, against a real database file. */
class CommandLineTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void userAddReadsThePasswordFromStandardInput() {
        int exit = runWithStdin("correct horse battery staple\n", "user", "add", "alice", "--role", "analyst",
                "--data", dir.toString());

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("User alice added with role analyst");
        UserAccounts accounts = new UserAccounts(Database.open(dir.resolve("gateway.db")), Clock.systemUTC());
        assertThat(accounts.authenticate("alice", "correct horse battery staple".toCharArray()))
                .hasValueSatisfying(user -> assertThat(user.role()).isEqualTo(Role.ANALYST));
    }

    @Test
    void tokenCreatePrintsATokenThatAuthenticatesItsUser() {
        runWithStdin("correct horse battery staple\n", "user", "add", "bob", "--data", dir.toString());

        int exit = run("token", "create", "--user", "bob", "--data", dir.toString());

        assertThat(exit).isZero();
        String token = out.toString().lines().reduce((a, b) -> b).orElseThrow().strip();
        UserAccounts accounts = new UserAccounts(Database.open(dir.resolve("gateway.db")), Clock.systemUTC());
        assertThat(accounts.userForApiToken(token)).hasValueSatisfying(u -> assertThat(u.name()).isEqualTo("bob"));
    }

    @Test
    void userAddAndTokenCreateAreRecordedInTheAccountAuditLogAsTheCommandLine() {
        runWithStdin("correct horse battery staple\n", "user", "add", "carol", "--role", "admin", "--data",
                dir.toString());
        run("token", "create", "--user", "carol", "--label", "siem", "--data", dir.toString());

        var audit = new AccountAudit(Database.open(dir.resolve("gateway.db")), Clock.systemUTC()).recent(10, 0);
        assertThat(audit).extracting(AccountAudit.Event::action).containsExactly("token-created", "user-added");
        assertThat(audit).allSatisfy(event -> {
            assertThat(event.actor()).startsWith("command line (");
            assertThat(event.subject()).isEqualTo("carol");
        });
        assertThat(audit.toString()).doesNotContain("correct horse battery staple");
    }

    @Test
    void userAddRefusesAnEmptyPasswordInsteadOfInventingOne() {
        int exit = runWithStdin("\n", "user", "add", "dave", "--data", dir.toString());

        assertThat(exit).isNotZero();
        assertThat(err.toString()).contains("Password for user 'dave' is too short: it needs at least 12 characters");
        UserAccounts accounts = new UserAccounts(Database.open(dir.resolve("gateway.db")), Clock.systemUTC());
        assertThat(accounts.find("dave")).isEmpty();
    }

    @Test
    void missingRequiredKeyStopsStartUpNamingTheKey() throws Exception {
        Path config = write("""
                team:
                  address: csirt@example.org
                imap:
                  user: csirt@example.org
                  password: secret
                smtp:
                  host: smtp.example.org
                """);

        int exit = run("run", "--config", config.toString());

        assertThat(exit).isEqualTo(FailureHandler.CONFIG_ERROR);
        assertThat(err.toString()).contains("Missing required key 'imap.host'").contains("CSIRT_IMAP_HOST")
                .doesNotContain("Exception").doesNotContain("secret");
    }

    @Test
    void badValueStopsStartUpNamingTheKeyAndTheValue() throws Exception {
        Path config = write(validConfig().replace("port: 993", "port: ninety-three"));

        int exit = run("run", "--config", config.toString());

        assertThat(exit).isEqualTo(FailureHandler.CONFIG_ERROR);
        assertThat(err.toString().strip())
                .isEqualTo("Configuration error: Key 'imap.port' must be a whole number, got 'ninety-three'");
    }

    @Test
    void misspelledKeyIsAnErrorNotASilentDefault() throws Exception {
        Path config = write(validConfig().replace("  folder: INBOX", "  fodler: INBOX"));

        int exit = run("run", "--config", config.toString());

        assertThat(exit).isEqualTo(FailureHandler.CONFIG_ERROR);
        assertThat(err.toString()).contains("Unknown key 'imap.fodler'");
    }

    @Test
    void plainImapNeedsExplicitPermission() throws Exception {
        Path config = write(validConfig().replace("security: imaps", "security: plain"));

        int exit = run("run", "--config", config.toString());

        assertThat(exit).isEqualTo(FailureHandler.CONFIG_ERROR);
        assertThat(err.toString()).contains("'imap.security' is plain").contains("imap.allowPlain: true");
    }

    @Test
    void theExampleConfigurationIsValid() {
        var config = new org.csirtgateway.config.ConfigLoader(java.util.Map.of("CSIRT_IMAP_PASSWORD", "x"))
                .load(Path.of(System.getProperty("csirt.home"), "config", "gateway.example.yml"));
        assertThat(config.imap().host()).isEqualTo("imap.example.org");
        assertThat(config.imap().password()).isEqualTo("x");
    }

    private String validConfig() {
        return """
                team:
                  address: csirt@example.org
                data:
                  dir: %s
                imap:
                  host: 127.0.0.1
                  port: 993
                  security: imaps
                  user: csirt@example.org
                  password: secret
                  folder: INBOX
                smtp:
                  host: 127.0.0.1
                """.formatted(dir.resolve("data"));
    }

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("gateway.yml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return file;
    }

    private int run(String... args) {
        CommandLine commandLine = CsirtGatewayCli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private int runWithStdin(String stdin, String... args) {
        InputStream original = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            return run(args);
        } finally {
            System.setIn(original);
        }
    }
}
