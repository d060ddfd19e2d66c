package org.csirtgateway.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Configuration values for a gateway whose mail server runs on loopback without TLS (the embedded demo server and
 * the tests' GreenMail). Plain IMAP and SMTP are allowed here explicitly, and only here.
 *
 * @param teamName        shown in acknowledgements and the UI
 * @param teamAddress     the mailbox reports go to; also the IMAP login
 * @param mailboxPassword the IMAP password
 * @param imapPort        the loopback IMAP port
 * @param smtpPort        the loopback SMTP port
 * @param dataDir         where database, archive and index go
 * @param templatesDir    the acknowledgement templates (config/templates)
 */
public record LoopbackMailConfig(String teamName, String teamAddress, String mailboxPassword, int imapPort,
                                 int smtpPort, Path dataDir, Path templatesDir) {

    /** Flat values for {@link ConfigLoader#fromValues}; add or replace keys (e.g. admin.port) before loading. */
    public Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("team.name", teamName);
        values.put("team.address", teamAddress);
        values.put("data.dir", dataDir.toString());
        values.put("imap.host", "127.0.0.1");
        values.put("imap.port", String.valueOf(imapPort));
        values.put("imap.security", "plain");
        values.put("imap.allowPlain", "true");
        values.put("imap.user", teamAddress);
        values.put("imap.password", mailboxPassword);
        values.put("imap.pollSeconds", "1");
        values.put("smtp.host", "127.0.0.1");
        values.put("smtp.port", String.valueOf(smtpPort));
        values.put("smtp.security", "plain");
        values.put("smtp.allowPlain", "true");
        values.put("acknowledgement.templates", templatesDir.toString());
        values.put("public.port", "0"); // the public site on any free port, so side-by-side runs never clash
        return values;
    }
}
