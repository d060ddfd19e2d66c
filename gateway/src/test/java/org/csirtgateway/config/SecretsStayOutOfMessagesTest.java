package org.csirtgateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.csirtgateway.ack.SmtpSettings;
import org.csirtgateway.fetch.ImapSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Threat: mailbox passwords leaking through the gateway's own output. Start-up errors and logged settings end up in
 * journald, container logs and support tickets that many people read. A password with a typo in its quoting, or one
 * that starts with a character YAML reserves ({@code @ ` % [ {}), makes the file invalid YAML; the error must say
 * where, but never repeat the line that holds the password. Settings objects print the password as {@code ***}.
 */
class SecretsStayOutOfMessagesTest {

    private static final String SECRET = "hunter2-Xq9";

    @TempDir
    Path dir;

    @Test
    void yamlErrorOnThePasswordLineDoesNotRepeatThePassword() throws Exception {
        String[] brokenPasswordLines = {
            "  password: \"" + SECRET + "\n",
            "  password: '" + SECRET + "\n",
            "  password: " + SECRET + ": oops\n",
            "  password: [" + SECRET + "\n",
            "  password: {" + SECRET + "\n",
            "  password: @" + SECRET + "\n",
            "  password: `" + SECRET + "\n",
            "  password: %" + SECRET + "\n",
            "  password: \"" + SECRET + "\\q\"\n",
        };
        for (String line : brokenPasswordLines) {
            Path file = Files.writeString(Files.createTempFile(dir, "gateway", ".yml"),
                    "team:\n  address: csirt@example.org\nimap:\n  host: imap.example.org\n" + line
                            + "  user: csirt@example.org\n");

            ConfigException error = catchThrowableOfType(ConfigException.class,
                    () -> new ConfigLoader(Map.of()).load(file));

            assertThat(error).as("broken line %s", line).isNotNull();
            assertThat(error.getMessage()).contains("not valid YAML").contains("line ").doesNotContain(SECRET);
            for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
                assertThat(cause.getMessage()).as("a logged stack trace prints the causes too")
                        .doesNotContain(SECRET);
            }
        }
    }

    @Test
    void passwordFromTheEnvironmentIsNotInTheErrorAboutAnotherKey() {
        Map<String, String> values = ConfigLoaderTest.minimalValues();
        values.put("imap.port", "imaps");

        ConfigException error = catchThrowableOfType(ConfigException.class,
                () -> new ConfigLoader(Map.of("CSIRT_IMAP_PASSWORD", SECRET, "CSIRT_SMTP_PASSWORD", SECRET))
                        .fromValues(values));

        assertThat(error.getMessage()).contains("'imap.port'").doesNotContain(SECRET);
    }

    @Test
    void settingsNeverPrintTheirPasswords() {
        Map<String, String> values = ConfigLoaderTest.minimalValues();
        values.put("imap.password", SECRET);
        values.put("smtp.user", "mailer");
        values.put("smtp.password", SECRET);

        GatewayConfig config = new ConfigLoader(Map.of()).fromValues(values);

        assertThat(config.imap().toString()).doesNotContain(SECRET).contains("password=***")
                .contains("imap.example.org");
        assertThat(config.smtp().toString()).doesNotContain(SECRET).contains("password=***").contains("mailer");
        assertThat(config.toString()).doesNotContain(SECRET);
    }

    @Test
    void emptySmtpPasswordIsShownAsNone() {
        assertThat(new SmtpSettings("smtp.example.org", 587, "starttls", "", "").toString())
                .contains("password=(none)");
        assertThat(new ImapSettings("csirt", "h", 993, "imaps", "u", SECRET, "INBOX",
                java.time.Duration.ofSeconds(30), java.util.Optional.empty(), java.util.Optional.empty(), SECRET,
                true).toString()).doesNotContain(SECRET);
    }
}
