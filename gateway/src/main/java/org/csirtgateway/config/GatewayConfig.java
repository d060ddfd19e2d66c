package org.csirtgateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.csirtgateway.ack.SmtpSettings;
import org.csirtgateway.ack.TeamIdentity;
import org.csirtgateway.fetch.ImapSettings;
import org.csirtgateway.ticket.TicketIds;

/** The whole validated configuration of one gateway. */
public record GatewayConfig(
        TeamIdentity team,
        String ticketPrefix,
        Path dataDir,
        ImapSettings imap,
        SmtpSettings smtp,
        Acknowledgements acknowledgements,
        Admin admin,
        List<ImapSettings> otherChannels,
        org.csirtgateway.intake.RetryPolicy intake) {

    public GatewayConfig {
        otherChannels = List.copyOf(otherChannels);
    }

    /** Every mailbox: the default channel ({@code imap.*}) first, then those named in {@code imap.channels}. */
    public List<ImapSettings> channels() {
        List<ImapSettings> all = new ArrayList<>();
        all.add(imap);
        all.addAll(otherChannels);
        return List.copyOf(all);
    }

    /** Acknowledgement settings. */
    public record Acknowledgements(boolean enabled, Path templateDir, String defaultLanguage) {
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

    static GatewayConfig from(ConfigValues v, List<String> channelNames) {
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
                new TeamIdentity(v.text("team.name"), v.address("team.address")),
                prefix,
                v.path("data.dir"),
                imap(v, "imap.", v.text("imap.channel")),
                new SmtpSettings(v.text("smtp.host"), v.port("smtp.port"), smtpSecurity, v.text("smtp.user"),
                        v.text("smtp.password")),
                new Acknowledgements(v.bool("acknowledgement.enabled"), v.path("acknowledgement.templates"),
                        language),
                new Admin(v.text("admin.bind"), v.port("admin.port"), v.bool("admin.secureCookies")),
                channelNames.stream().map(name -> imap(v, "imap." + name + ".", name)).toList(),
                new org.csirtgateway.intake.RetryPolicy(v.positive("intake.maxAttempts"),
                        Duration.ofSeconds(v.positive("intake.retrySeconds"))));
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
                v.text(prefix + "trustStorePassword"), v.bool(prefix + "idle"));
    }
}
