package org.csirtgateway.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every key the gateway understands. The example file config/gateway.example.yml documents the same keys. */
public final class ConfigKeys {

    /** Marks a key that has no default and must be given. */
    private static final String REQUIRED = null;

    public static final List<ConfigKey> ALL = List.of(
            key("team.name", "Example CSIRT", "the team's name in acknowledgements and the UI"),
            key("team.address", REQUIRED, "the published point of contact; acknowledgements come from it"),
            key("team.ticketPrefix", "CSIRT#", "prefix of ticket IDs, e.g. CSIRT# gives CSIRT#2026-000123"),
            key("data.dir", "./data", "where the database, the raw archive and the index live"),
            key("imap.channel", "csirt", "name of this mailbox, shown on its tickets"),
            key("imap.host", REQUIRED, "IMAP server host"),
            key("imap.port", "993", "IMAP server port"),
            key("imap.security", "imaps", "imaps | starttls | plain (plain needs imap.allowPlain: true)"),
            key("imap.allowPlain", "false", "allow unencrypted IMAP (only for loopback test servers)"),
            key("imap.user", REQUIRED, "IMAP login"),
            secret("imap.password", REQUIRED, "IMAP password"),
            key("imap.folder", "INBOX", "folder to take reports from"),
            key("imap.pollSeconds", "30", "seconds between polls"),
            key("smtp.host", REQUIRED, "SMTP server host for acknowledgements"),
            key("smtp.port", "587", "SMTP server port"),
            key("smtp.security", "starttls", "smtps | starttls | plain (plain needs smtp.allowPlain: true)"),
            key("smtp.allowPlain", "false", "allow unencrypted SMTP (only for loopback test servers)"),
            key("smtp.user", "", "SMTP login, empty for none"),
            secret("smtp.password", "", "SMTP password"),
            key("acknowledgement.enabled", "true", "send acknowledgements to reporters"),
            key("acknowledgement.templates", "config/templates", "directory holding ack-en.txt, ack-ja.txt, ..."),
            key("acknowledgement.defaultLanguage", "en", "language when the report's is not recognised"),
            key("admin.bind", "127.0.0.1", "address the admin UI listens on"),
            key("admin.port", "8080", "port the admin UI listens on"),
            key("admin.secureCookies", "false", "mark session cookies Secure (set true behind TLS)"),
            // issue 7: search and duplicate detection
            key("search.relatedWindowDays", "90",
                    "related tickets: other tickets mentioning the same indicator within this many days"),
            key("search.nearDuplicateThreshold", "0.52",
                    "lowest score (0..1) of a proposed 'possible duplicate'; higher proposes fewer"));

    private static final Map<String, ConfigKey> BY_PATH = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(ConfigKey::path, Function.identity()));

    private ConfigKeys() {
    }

    public static Optional<ConfigKey> find(String path) {
        return Optional.ofNullable(BY_PATH.get(path));
    }

    private static ConfigKey key(String path, String defaultValue, String help) {
        return new ConfigKey(path, defaultValue, false, help);
    }

    private static ConfigKey secret(String path, String defaultValue, String help) {
        return new ConfigKey(path, defaultValue, true, help);
    }
}
