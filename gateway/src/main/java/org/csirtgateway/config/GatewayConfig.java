package org.csirtgateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import org.csirtgateway.ack.SmtpSettings;
import org.csirtgateway.ack.TeamIdentity;
import org.csirtgateway.fetch.ImapSettings;
import org.csirtgateway.search.SearchSettings;
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
        SearchSettings search) {

    public GatewayConfig(TeamIdentity team, String ticketPrefix, Path dataDir, ImapSettings imap, SmtpSettings smtp,
                         Acknowledgements acknowledgements, Admin admin) {
        this(team, ticketPrefix, dataDir, imap, smtp, acknowledgements, admin, SearchSettings.DEFAULTS);
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

    static GatewayConfig from(ConfigValues v) {
        String prefix = v.text("team.ticketPrefix");
        try {
            new TicketIds(prefix);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Key 'team.ticketPrefix': " + e.getMessage());
        }
        String imapSecurity = v.oneOf("imap.security", Set.of("imaps", "starttls", "plain"));
        if (imapSecurity.equals("plain") && !v.bool("imap.allowPlain")) {
            throw new ConfigException("Key 'imap.security' is plain (unencrypted), which needs imap.allowPlain: true");
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
                new ImapSettings(v.text("imap.channel"), v.text("imap.host"), v.port("imap.port"), imapSecurity,
                        v.text("imap.user"), v.text("imap.password"), v.text("imap.folder"),
                        Duration.ofSeconds(v.positive("imap.pollSeconds"))),
                new SmtpSettings(v.text("smtp.host"), v.port("smtp.port"), smtpSecurity, v.text("smtp.user"),
                        v.text("smtp.password")),
                new Acknowledgements(v.bool("acknowledgement.enabled"), v.path("acknowledgement.templates"),
                        language),
                new Admin(v.text("admin.bind"), v.port("admin.port"), v.bool("admin.secureCookies")),
                searchSettings(v));
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
}
