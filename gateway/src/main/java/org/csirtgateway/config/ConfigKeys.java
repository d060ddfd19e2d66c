package org.csirtgateway.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.csirtgateway.retry.RetryPolicy;

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
            key("imap.pollSeconds", "30", "seconds between polls (with IDLE: the longest wait before a safety poll)"),
            // Reliable intake.
            key("imap.channels", "", "names of further mailboxes, comma separated; each is configured under "
                    + "imap.<name>.* (its keys not given fall back to the imap.* value, except user and password)"),
            key("imap.processedFolder", "", "folder a kept message is moved to; empty: flag it \\Seen instead"),
            key("imap.trustStore", "", "PKCS12/JKS file of CA certificates to trust (private CA); empty: the JVM's"),
            secret("imap.trustStorePassword", "", "password of imap.trustStore"),
            key("imap.idle", "true", "wait with IMAP IDLE when the server offers it, instead of polling"),
            // One retry policy (retry/RetryPolicy), configured per use: imap.retry.*, intake.retry.*, smtp.retry.*.
            initialSeconds("imap.retry.", RetryPolicy.IMAP_RECONNECT_DEFAULT,
                    "the first attempt to connect again to a mailbox that cannot be reached"),
            factor("imap.retry.", RetryPolicy.IMAP_RECONNECT_DEFAULT),
            capSeconds("imap.retry.", RetryPolicy.IMAP_RECONNECT_DEFAULT),
            jitter("imap.retry.", RetryPolicy.IMAP_RECONNECT_DEFAULT),
            key("intake.maxAttempts", String.valueOf(RetryPolicy.INTAKE_DEFAULT.maxAttempts().getAsInt()),
                    "failed processing attempts before a message is quarantined"),
            initialSeconds("intake.retry.", RetryPolicy.INTAKE_DEFAULT, "the first retry of a failed message"),
            factor("intake.retry.", RetryPolicy.INTAKE_DEFAULT),
            capSeconds("intake.retry.", RetryPolicy.INTAKE_DEFAULT),
            jitter("intake.retry.", RetryPolicy.INTAKE_DEFAULT),
            key("intake.retrySeconds", "", "old name of intake.retry.initialSeconds, still read; set only one of "
                    + "the two"),
            key("smtp.host", REQUIRED, "SMTP server host for acknowledgements"),
            key("smtp.port", "587", "SMTP server port"),
            key("smtp.security", "starttls", "smtps | starttls | plain (plain needs smtp.allowPlain: true)"),
            key("smtp.allowPlain", "false", "allow unencrypted SMTP (only for loopback test servers)"),
            key("smtp.user", "", "SMTP login, empty for none"),
            secret("smtp.password", "", "SMTP password"),
            key("smtp.maxAttempts", String.valueOf(RetryPolicy.OUTBOX_DEFAULT.maxAttempts().getAsInt()),
                    "failed delivery attempts after which a mail is marked failed (a refusal for good fails it at "
                            + "once)"),
            initialSeconds("smtp.retry.", RetryPolicy.OUTBOX_DEFAULT,
                    "the first retry of a mail the SMTP server did not take (unreachable, 4xx)"),
            factor("smtp.retry.", RetryPolicy.OUTBOX_DEFAULT),
            capSeconds("smtp.retry.", RetryPolicy.OUTBOX_DEFAULT),
            jitter("smtp.retry.", RetryPolicy.OUTBOX_DEFAULT),
            key("acknowledgement.enabled", "true", "send acknowledgements to reporters"),
            key("acknowledgement.templates", "config/templates", "directory holding ack-en.txt, ack-ja.txt, ..."),
            key("acknowledgement.defaultLanguage", "en", "language when the report's is not recognised"),
            key("admin.bind", "127.0.0.1", "address the admin UI listens on"),
            key("admin.port", "8080", "port the admin UI listens on"),
            key("admin.secureCookies", "false", "mark session cookies Secure (set true behind TLS)"),
            // Tickets, threading and acknowledgements
            key("team.keyFingerprint", "", "fingerprint of the team's PGP key, quoted in acknowledgements; "
                    + "empty to leave it out"),
            key("team.contactUrl", "", "where the team's contact details are published (e.g. its RFC 2350 page); "
                    + "empty to leave it out"),
            key("tickets.legacyTagPatterns", "", "subject tags of earlier ticket systems that still route mail: "
                    + "a list of name=regex with a named group 'ticket' (our ID without prefix) or 'id' "
                    + "(looked up as alias name:id)"),
            key("acknowledgement.maxPerSenderPerHour", "5", "acknowledgements to one address per hour at most"),
            key("acknowledgement.maxPerDomainPerHour", "20", "acknowledgements to one mail domain per hour at most"),
            // Reading reports
            key("indicators.allowlist", "", "comma-separated domains (with their subdomains) and IP addresses never "
                    + "reported as indicators, e.g. the team's own"),
            // The team profile (constituency, partners, taxonomy, rules) and the public point-of-contact site.
            key("profile.file", "config/team-profile.yml", "the team profile YAML; when the default file is missing "
                    + "the gateway runs without a constituency, partners or rules"),
            key("public.enabled", "true", "serve security.txt, the team's public key and the RFC 2350 page"),
            key("public.bind", "127.0.0.1", "address the public site listens on (not the admin UI's)"),
            key("public.port", "8081", "port the public site listens on"),
            key("public.signingKey", "", "armored OpenPGP secret key file to clear-sign security.txt; empty: "
                    + "unsigned"),
            secret("public.signingPassphrase", "", "passphrase of public.signingKey"),
            // OpenPGP
            key("pgp.secretKeys", "", "comma-separated files holding the team's armored secret keys; all decrypt, "
                    + "the first signs outgoing mail; empty for none"),
            key("pgp.passphraseFile", "", "file holding the passphrase of the team keys (preferred over "
                    + "pgp.passphrase)"),
            secret("pgp.passphrase", "", "passphrase of the team keys; set it with CSIRT_PGP_PASSPHRASE, not in "
                    + "the file"),
            // S/MIME
            key("smime.keyStores", "", "comma-separated PKCS#12 files holding the team's S/MIME certificates and "
                    + "keys; all decrypt; empty for none"),
            key("smime.passphraseFile", "", "file holding the passphrase of the PKCS#12 files (preferred over "
                    + "smime.passphrase)"),
            secret("smime.passphrase", "", "passphrase of the PKCS#12 files; set it with CSIRT_SMIME_PASSPHRASE, "
                    + "not in the file"),
            key("smime.trustStore", "", "PEM file of the CA certificates that reporters' signing certificates "
                    + "must chain to for a good signature; empty: no S/MIME signature is trusted"),
            // Search and duplicate detection
            key("search.relatedWindowDays", "90",
                    "related tickets: other tickets mentioning the same indicator within this many days"),
            key("search.nearDuplicateThreshold", "0.52",
                    "lowest score (0..1) of a proposed 'possible duplicate'; higher proposes fewer"));

    /** Keys whose YAML value may be a list; the loader joins its entries with line breaks. */
    public static final java.util.Set<String> LISTS = java.util.Set.of("tickets.legacyTagPatterns");

    private static final Map<String, ConfigKey> BY_PATH = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(ConfigKey::path, Function.identity()));

    /**
     * The keys every mailbox has; the default channel's are {@code imap.<field>}, a further channel's
     * {@code imap.<name>.<field>} (environment: {@code imap.abuse.host} -> {@code CSIRT_IMAP_ABUSE_HOST}).
     */
    public static final List<String> CHANNEL_FIELDS = List.of("host", "port", "security", "allowPlain", "user",
            "password", "folder", "pollSeconds", "processedFolder", "trustStore", "trustStorePassword", "idle",
            "retry.initialSeconds", "retry.factor", "retry.capSeconds", "retry.jitter");

    /** Fields a further channel must give itself: another mailbox has its own login. */
    private static final List<String> CHANNEL_OWN_FIELDS = List.of("user", "password");

    /** A channel name: lower-case letters and digits, so that its keys map to environment variables one to one. */
    public static final java.util.regex.Pattern CHANNEL_NAME = java.util.regex.Pattern.compile("[a-z][a-z0-9]{0,31}");

    private ConfigKeys() {
    }

    /**
     * The keys of a further channel {@code name}. A key not given falls back to the default channel's value
     * ({@code inherited}), except user and password, which are required.
     */
    public static List<ConfigKey> channelKeys(String name, Map<String, String> inherited) {
        return CHANNEL_FIELDS.stream().map(field -> {
            ConfigKey base = BY_PATH.get("imap." + field);
            String fallback = CHANNEL_OWN_FIELDS.contains(field) ? REQUIRED : inherited.get(base.path());
            return new ConfigKey("imap." + name + "." + field, fallback, base.secret(),
                    base.help() + " (channel " + name + ")");
        }).toList();
    }

    /**
     * For a path like {@code imap.abuse.host} or {@code imap.abuse.retry.factor}: the channel name it belongs to
     * ("abuse").
     */
    public static Optional<String> channelOf(String path) {
        String[] parts = path.split("\\.", 3);
        if (parts.length == 3 && parts[0].equals("imap") && CHANNEL_FIELDS.contains(parts[2])
                && CHANNEL_NAME.matcher(parts[1]).matches()) {
            return Optional.of(parts[1]);
        }
        return Optional.empty();
    }

    /** For a channel key like {@code imap.abuse.retry.factor}: the default channel's key it falls back to. */
    public static Optional<String> channelFallbackOf(String path) {
        return channelOf(path).map(name -> "imap." + path.substring(("imap." + name + ".").length()));
    }

    /**
     * Whether {@code name} cannot name a channel because keys of the default channel start with it ({@code host},
     * {@code retry}, ...): {@code imap.<name>.*} would be ambiguous.
     */
    public static boolean reservedChannelName(String name) {
        return name.equals("channel") || name.equals("channels")
                || CHANNEL_FIELDS.stream().anyMatch(field -> field.equals(name) || field.startsWith(name + "."));
    }

    public static Optional<ConfigKey> find(String path) {
        return Optional.ofNullable(BY_PATH.get(path));
    }

    private static ConfigKey initialSeconds(String prefix, RetryPolicy preset, String what) {
        return key(prefix + "initialSeconds", RetryPolicy.seconds(preset.initialDelay()), "seconds before "
                + what + "; decimals allowed (0.2 is 200 ms)");
    }

    private static ConfigKey factor(String prefix, RetryPolicy preset) {
        return key(prefix + "factor", RetryPolicy.number(preset.factor()), "each further wait is this many times "
                + "the one before (1: always the same), up to capSeconds");
    }

    private static ConfigKey capSeconds(String prefix, RetryPolicy preset) {
        return key(prefix + "capSeconds", RetryPolicy.seconds(preset.cap()), "longest wait between two attempts, "
                + "in seconds");
    }

    private static ConfigKey jitter(String prefix, RetryPolicy preset) {
        return key(prefix + "jitter", RetryPolicy.number(preset.jitter()), "spread each wait at random by up to "
                + "this fraction either way (0.2: plus or minus 20 %); 0: exactly as computed");
    }

    private static ConfigKey key(String path, String defaultValue, String help) {
        return new ConfigKey(path, defaultValue, false, help);
    }

    private static ConfigKey secret(String path, String defaultValue, String help) {
        return new ConfigKey(path, defaultValue, true, help);
    }
}
