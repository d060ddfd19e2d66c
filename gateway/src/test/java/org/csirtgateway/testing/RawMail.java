package org.csirtgateway.testing;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.csirtgateway.parse.ParseException;
import org.csirtgateway.parse.ParsedReport;
import org.csirtgateway.parse.ReportParser;

/**
 * A raw RFC 5322 message written by hand, header by header, the way a reporter's (or a robot's) mail system would
 * put it in the mailbox; {@link #parse()} reads it with the real {@link ReportParser}.
 *
 * <pre>{@code RawMail.from("alice@victim.example").header("Auto-Submitted", "auto-replied").parse()}</pre>
 */
public final class RawMail {

    private final List<String> headers = new ArrayList<>();
    private String body = "Please look at hxxp://phish.example/login.\r\n";

    private RawMail() {
    }

    /** A plain UTF-8 text report from {@code address} to the team, with a subject and a Message-ID. */
    public static RawMail from(String address) {
        return new RawMail()
                .header("From", address)
                .header("To", TestGatewayConfig.TEAM_ADDRESS)
                .header("Subject", "Phishing site imitating our bank")
                .header("Date", "Tue, 3 Mar 2026 10:15:00 +0900")
                .header("Message-ID", "<report-1@victim.example>")
                .header("MIME-Version", "1.0")
                .header("Content-Type", "text/plain; charset=UTF-8")
                .header("Content-Transfer-Encoding", "8bit");
    }

    /** Replaces the header (all of its occurrences), or adds it when absent. */
    public RawMail header(String name, String value) {
        without(name);
        headers.add(name + ": " + value);
        return this;
    }

    public RawMail without(String name) {
        headers.removeIf(line -> line.regionMatches(true, 0, name + ":", 0, name.length() + 1));
        return this;
    }

    public RawMail subject(String subject) {
        return header("Subject", subject);
    }

    public RawMail messageId(String bracketedId) {
        return header("Message-ID", bracketedId);
    }

    public RawMail body(String text) {
        this.body = text;
        return this;
    }

    public byte[] bytes() {
        return (String.join("\r\n", headers) + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8);
    }

    public ParsedReport parse() {
        return parse(bytes());
    }

    /** Parses raw bytes with the real parser; a {@link ParseException} fails the test that expected a message. */
    public static ParsedReport parse(byte[] raw) {
        try {
            return new ReportParser().parse(new ByteArrayInputStream(raw));
        } catch (ParseException e) {
            throw new AssertionError("the test message should be readable: " + e.getMessage(), e);
        }
    }
}
