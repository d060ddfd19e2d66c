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
            // issue 6: tickets, threading and acknowledgements
            key("team.keyFingerprint", "", "fingerprint of the team's PGP key, quoted in acknowledgements; "
                    + "empty to leave it out"),
            key("team.contactUrl", "", "where the team's contact details are published (e.g. its RFC 2350 page); "
                    + "empty to leave it out"),
            key("tickets.legacyTagPatterns", "", "subject tags of earlier ticket systems that still route mail: "
                    + "a list of name=regex with a named group 'ticket' (our ID without prefix) or 'id' "
                    + "(looked up as alias name:id)"),
            key("acknowledgement.maxPerSenderPerHour", "5", "acknowledgements to one address per hour at most"),
            key("acknowledgement.maxPerDomainPerHour", "20", "acknowledgements to one mail domain per hour at most"),
            // issue 4: reading reports
            key("indicators.allowlist", "", "comma-separated domains (with their subdomains) and IP addresses never "
                    + "reported as indicators, e.g. the team's own"),
            // Issue 9: the team profile (constituency, partners, taxonomy, rules) and the public point-of-contact site.
            key("profile.file", "config/team-profile.yml", "the team profile YAML; when the default file is missing "
                    + "the gateway runs without a constituency, partners or rules"),
            key("public.enabled", "true", "serve security.txt, the team's public key and the RFC 2350 page"),
            key("public.bind", "127.0.0.1", "address the public site listens on (not the admin UI's)"),
            key("public.port", "8081", "port the public site listens on"),
            key("public.signingKey", "", "armored OpenPGP secret key file to clear-sign security.txt; empty: "
                    + "unsigned"),
            secret("public.signingPassphrase", "", "passphrase of public.signingKey"),
            // issue 5: OpenPGP
            key("pgp.secretKeys", "", "comma-separated files holding the team's armored secret keys; all decrypt, "
                    + "the first signs outgoing mail; empty for none"),
            key("pgp.passphraseFile", "", "file holding the passphrase of the team keys (preferred over "
                    + "pgp.passphrase)"),
            secret("pgp.passphrase", "", "passphrase of the team keys; set it with CSIRT_PGP_PASSPHRASE, not in "
                    + "the file"),
            // issue 7: search and duplicate detection
            key("search.relatedWindowDays", "90",
                    "related tickets: other tickets mentioning the same indicator within this many days"),
            key("search.nearDuplicateThreshold", "0.52",
                    "lowest score (0..1) of a proposed 'possible duplicate'; higher proposes fewer"));

    /** Keys whose YAML value may be a list; the loader joins its entries with line breaks. */
    public static final java.util.Set<String> LISTS = java.util.Set.of("tickets.legacyTagPatterns");

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
