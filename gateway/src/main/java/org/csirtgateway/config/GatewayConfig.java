package org.csirtgateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.csirtgateway.ack.AcknowledgementRateLimit;
import org.csirtgateway.ack.SmtpSettings;
import org.csirtgateway.ack.TeamIdentity;
import org.csirtgateway.fetch.ImapSettings;
import org.csirtgateway.retry.RetryPolicy;
import org.csirtgateway.ticket.LegacyTagPattern;
import org.csirtgateway.search.SearchSettings;
import org.csirtgateway.ticket.TicketIds;

/**
 * The whole validated configuration of one gateway.
 *
 * @param effective every key with its value and source, secrets masked, for the admin UI's view
 */
public record GatewayConfig(
        TeamIdentity team,
        String ticketPrefix,
        Path dataDir,
        ImapSettings imap,
        SmtpSettings smtp,
        Acknowledgements acknowledgements,
        Admin admin,
        List<LegacyTagPattern> legacyTagPatterns,
        List<String> indicatorAllowlist,
        Profile profile,
        PublicSite publicSite,
        Pgp pgp,
        Smime smime,
        SearchSettings search,
        List<ImapSettings> otherChannels,
        RetryPolicy intake,
        EffectiveConfiguration effective) {

    public GatewayConfig {
        legacyTagPatterns = legacyTagPatterns == null ? List.of() : List.copyOf(legacyTagPatterns);
        indicatorAllowlist = indicatorAllowlist == null ? List.of() : List.copyOf(indicatorAllowlist);
        otherChannels = List.copyOf(otherChannels);
    }

    /** Every mailbox: the default channel ({@code imap.*}) first, then those named in {@code imap.channels}. */
    public List<ImapSettings> channels() {
        List<ImapSettings> all = new ArrayList<>();
        all.add(imap);
        all.addAll(otherChannels);
        return List.copyOf(all);
    }

    /**
     * The team profile file.
     *
     * @param required false when the key was left at its default: a missing default file means "no profile yet"
     */
    public record Profile(Path file, boolean required) {
    }

    /**
     * The public point-of-contact site: its own listener, never the admin UI's.
     *
     * @param signingKey         armored secret key to clear-sign security.txt, or null
     * @param signingPassphrase  its passphrase (a secret: never logged)
     */
    public record PublicSite(boolean enabled, String bind, int port, Path signingKey, String signingPassphrase) {
        @Override
        public String toString() {
            return "PublicSite[enabled=" + enabled + ", bind=" + bind + ", port=" + port + ", signingKey="
                    + signingKey + "]";
        }
    }

    /**
     * The team's S/MIME certificates and keys (PKCS#12) and the CAs trusted for reporters' signatures. The passphrase
     * is read only when the key stores are loaded, never logged.
     */
    public record Smime(java.util.List<Path> keyStores, Path passphraseFile, String passphrase, Path trustStore) {
        @Override
        public String toString() {
            return "Smime[keyStores=" + keyStores + ", passphraseFile=" + passphraseFile + ", passphrase=***, "
                    + "trustStore=" + trustStore + "]";
        }
    }

    /** The team's OpenPGP keys. The passphrase is read only when the keys are loaded, never logged. */
    public record Pgp(java.util.List<Path> secretKeys, Path passphraseFile, String passphrase) {
        @Override
        public String toString() {
            return "Pgp[secretKeys=" + secretKeys + ", passphraseFile=" + passphraseFile + ", passphrase=***]";
        }
    }

    /** Acknowledgement settings. */
    public record Acknowledgements(boolean enabled, Path templateDir, String defaultLanguage,
                                   AcknowledgementRateLimit rateLimit) {
    }

    /** Where the admin UI listens. */
    public record Admin(String bind, int port, boolean secureCookies) {
    }

    public Path databaseFile() {
        return dataDir.resolve("gateway.db");
    }

    public Path archiveDir() {
        return dataDir.resolve("archive");
    }

    public Path indexDir() {
        return dataDir.resolve("index");
    }

    static GatewayConfig from(ConfigValues v, List<String> channelNames, EffectiveConfiguration effective) {
        String prefix = v.text("team.ticketPrefix");
        try {
            new TicketIds(prefix);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Key 'team.ticketPrefix': " + e.getMessage());
        }
        String smtpSecurity = v.oneOf("smtp.security", Set.of("smtps", "starttls", "plain"));
        if (smtpSecurity.equals("plain") && !v.bool("smtp.allowPlain")) {
            throw new ConfigException("Key 'smtp.security' is plain (unencrypted), which needs smtp.allowPlain: true");
        }
        String language = v.text("acknowledgement.defaultLanguage");
        if (!language.matches("[a-z]{2}")) {
            throw new ConfigException("Key 'acknowledgement.defaultLanguage' must be a two-letter language code "
                    + "such as en or ja, got '" + language + "'");
        }
        return new GatewayConfig(
                new TeamIdentity(v.text("team.name"), v.address("team.address"), keyFingerprint(v),
                        contactUrl(v)),
                prefix,
                v.path("data.dir"),
                imap(v, "imap.", v.text("imap.channel")),
                new SmtpSettings(v.text("smtp.host"), v.port("smtp.port"), smtpSecurity, v.text("smtp.user"),
                        v.text("smtp.password"), retry(v, "smtp.retry.", "smtp.retry.initialSeconds")
                                .withMaxAttempts(v.positive("smtp.maxAttempts"))),
                new Acknowledgements(v.bool("acknowledgement.enabled"), v.path("acknowledgement.templates"),
                        language, new AcknowledgementRateLimit(v.positive("acknowledgement.maxPerSenderPerHour"),
                                v.positive("acknowledgement.maxPerDomainPerHour"))),
                new Admin(v.text("admin.bind"), v.port("admin.port"), v.bool("admin.secureCookies")),
                legacyTagPatterns(v),
                allowlist(v.text("indicators.allowlist")),
                new Profile(v.path("profile.file"), !v.text("profile.file").equals(
                        ConfigKeys.find("profile.file").orElseThrow().defaultValue())),
                new PublicSite(v.bool("public.enabled"), v.text("public.bind"), v.port("public.port"),
                        v.text("public.signingKey").isEmpty() ? null : v.path("public.signingKey"),
                        v.text("public.signingPassphrase")),
                pgp(v),
                smime(v),
                searchSettings(v),
                channelNames.stream().map(name -> imap(v, "imap." + name + ".", name)).toList(),
                intakeRetry(v, effective),
                effective);
    }

    private static String keyFingerprint(ConfigValues v) {
        String fingerprint = v.text("team.keyFingerprint");
        String hex = fingerprint.replaceAll("\\s", "");
        if (!hex.isEmpty() && !hex.matches("(?i)(0x)?[0-9a-f]{16,64}")) {
            throw new ConfigException("Key 'team.keyFingerprint' must be a PGP key fingerprint (hex digits, spaces "
                    + "allowed) or empty, got '" + fingerprint + "'");
        }
        return fingerprint;
    }

    private static String contactUrl(ConfigValues v) {
        String url = v.text("team.contactUrl");
        if (!url.isEmpty() && !url.matches("https?://[^\\s]+")) {
            throw new ConfigException("Key 'team.contactUrl' must be an http(s) URL or empty, got '" + url + "'");
        }
        return url;
    }

    private static List<LegacyTagPattern> legacyTagPatterns(ConfigValues v) {
        try {
            return LegacyTagPattern.parseAll(v.text("tickets.legacyTagPatterns"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Key 'tickets.legacyTagPatterns': " + e.getMessage());
        }
    }

    private static java.util.List<String> allowlist(String value) {
        java.util.List<String> entries = new java.util.ArrayList<>();
        for (String entry : value.split(",")) {
            String trimmed = entry.strip().toLowerCase(java.util.Locale.ROOT);
            if (trimmed.isEmpty()) {
                continue;
            }
            if (!com.google.common.net.InetAddresses.isInetAddress(trimmed)
                    && !com.google.common.net.InternetDomainName.isValid(trimmed)) {
                throw new ConfigException("Key 'indicators.allowlist' must list domains or IP addresses separated "
                        + "by commas; '" + entry.strip() + "' is neither");
            }
            entries.add(trimmed);
        }
        return entries;
    }

    private static Pgp pgp(ConfigValues v) {
        java.util.List<Path> keys = new java.util.ArrayList<>();
        for (String file : v.text("pgp.secretKeys").split(",")) {
            if (!file.isBlank()) {
                try {
                    keys.add(Path.of(file.strip()));
                } catch (RuntimeException e) {
                    throw new ConfigException("Key 'pgp.secretKeys': '" + file.strip() + "' is not a valid path");
                }
            }
        }
        String passphraseFile = v.text("pgp.passphraseFile");
        return new Pgp(keys, passphraseFile.isEmpty() ? null : v.path("pgp.passphraseFile"),
                v.text("pgp.passphrase"));
    }

    private static Smime smime(ConfigValues v) {
        java.util.List<Path> stores = new java.util.ArrayList<>();
        for (String file : v.text("smime.keyStores").split(",")) {
            if (!file.isBlank()) {
                try {
                    stores.add(Path.of(file.strip()));
                } catch (RuntimeException e) {
                    throw new ConfigException("Key 'smime.keyStores': '" + file.strip() + "' is not a valid path");
                }
            }
        }
        return new Smime(stores, v.text("smime.passphraseFile").isEmpty() ? null : v.path("smime.passphraseFile"),
                v.text("smime.passphrase"), v.text("smime.trustStore").isEmpty() ? null : v.path("smime.trustStore"));
    }

    private static SearchSettings searchSettings(ConfigValues v) {
        int window = v.positive("search.relatedWindowDays");
        String text = v.text("search.nearDuplicateThreshold");
        double threshold;
        try {
            threshold = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new ConfigException("Key 'search.nearDuplicateThreshold' must be a number between 0 and 1, got '"
                    + text + "'");
        }
        if (!(threshold > 0 && threshold <= 1)) {
            throw new ConfigException("Key 'search.nearDuplicateThreshold' must be above 0 and at most 1, got "
                    + text);
        }
        return new SearchSettings(window, threshold);
    }

    /** One mailbox's settings from the keys under {@code prefix} ("imap." or "imap.<channel>."). */
    private static ImapSettings imap(ConfigValues v, String prefix, String channel) {
        if (!ConfigKeys.CHANNEL_NAME.matcher(channel).matches()) {
            throw new ConfigException("Key 'imap.channel' must be lower-case letters and digits, starting with a "
                    + "letter (at most 32), got '" + channel + "'");
        }
        String security = v.oneOf(prefix + "security", Set.of("imaps", "starttls", "plain"));
        if (security.equals("plain") && !v.bool(prefix + "allowPlain")) {
            throw new ConfigException("Key '" + prefix + "security' is plain (unencrypted), which needs "
                    + prefix + "allowPlain: true");
        }
        Optional<String> processed = Optional.of(v.text(prefix + "processedFolder")).filter(s -> !s.isEmpty());
        if (processed.isPresent() && processed.get().equals(v.text(prefix + "folder"))) {
            throw new ConfigException("Key '" + prefix + "processedFolder' must differ from " + prefix + "folder ("
                    + processed.get() + ")");
        }
        Optional<Path> trustStore = Optional.of(v.text(prefix + "trustStore")).filter(s -> !s.isEmpty())
                .map(s -> v.path(prefix + "trustStore"));
        if (trustStore.isPresent() && security.equals("plain")) {
            throw new ConfigException("Key '" + prefix + "trustStore' is set but " + prefix + "security is plain");
        }
        return new ImapSettings(channel, v.text(prefix + "host"), v.port(prefix + "port"), security,
                v.text(prefix + "user"), v.text(prefix + "password"), v.text(prefix + "folder"),
                Duration.ofSeconds(v.positive(prefix + "pollSeconds")), processed, trustStore,
                v.text(prefix + "trustStorePassword"), v.bool(prefix + "idle"),
                retry(v, prefix + "retry.", prefix + "retry.initialSeconds"));
    }

    /**
     * The intake's retries: {@code intake.retry.*} and {@code intake.maxAttempts}. The first delay may still be given
     * under its old name {@code intake.retrySeconds}, but not under both names.
     */
    private static RetryPolicy intakeRetry(ConfigValues v, EffectiveConfiguration effective) {
        String key = "intake.retry.initialSeconds";
        String oldKey = "intake.retrySeconds";
        boolean oldName = !v.text(oldKey).isEmpty();
        if (oldName && effective.entries().stream().anyMatch(entry -> entry.key().equals(key)
                && entry.source() != EffectiveConfiguration.Source.DEFAULT)) {
            throw new ConfigException("Keys '" + oldKey + "' and '" + key + "' are both set; they are one setting ("
                    + oldKey + " is its old name): keep only " + key);
        }
        return retry(v, "intake.retry.", oldName ? oldKey : key).withMaxAttempts(v.positive("intake.maxAttempts"));
    }

    /**
     * A retry policy from the keys {@code <prefix>factor}, {@code capSeconds} and {@code jitter}, waiting
     * {@code initialKey} seconds after the first failure; every error names its key and limit.
     */
    private static RetryPolicy retry(ConfigValues v, String prefix, String initialKey) {
        Duration initial = v.seconds(initialKey);
        double factor = v.decimal(prefix + "factor");
        if (!(factor >= 1 && factor <= 100)) {
            throw new ConfigException("Key '" + prefix + "factor' must be from 1 (always the same wait) to 100, got "
                    + v.text(prefix + "factor"));
        }
        Duration cap = v.seconds(prefix + "capSeconds");
        if (cap.compareTo(initial) < 0) {
            throw new ConfigException("Key '" + prefix + "capSeconds' (" + v.text(prefix + "capSeconds")
                    + ") must not be below " + initialKey + " (" + v.text(initialKey) + ")");
        }
        double jitter = v.decimal(prefix + "jitter");
        if (!(jitter >= 0 && jitter < 1)) {
            throw new ConfigException("Key '" + prefix + "jitter' must be a fraction from 0 to below 1 (0.2: plus or "
                    + "minus 20 %), got " + v.text(prefix + "jitter"));
        }
        return RetryPolicy.backoff(initial, factor, cap).withJitter(jitter);
    }
}
