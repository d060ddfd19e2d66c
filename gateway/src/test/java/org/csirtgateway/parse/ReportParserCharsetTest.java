package org.csirtgateway.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.csirtgateway.indicator.Indicator;
import org.junit.jupiter.api.Test;

/**
 * Text whose charset has to be found: bytes without a declared charset, HTML that declares its charset only in a
 * {@code <meta>} element, and encoded header words whose bytes are not in their label's charset.
 */
class ReportParserCharsetTest {

    private final ReportParser parser = new ReportParser();

    private ParsedReport parse(String mail) throws ParseException {
        return parser.parse(new ByteArrayInputStream(mail.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8)));
    }

    private ParsedReport parse(byte[] mail) throws ParseException {
        return parser.parse(new ByteArrayInputStream(mail));
    }

    private static byte[] concat(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            byte[] bytes = part instanceof byte[] b ? b
                    : part.toString().replace("\n", "\r\n").getBytes(StandardCharsets.US_ASCII);
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    // --- charsets

    @Test
    void latinTextWithoutACharsetIsNotReadAsShiftJisPrivateUseCharacters() throws Exception {
        // windows-31j accepts "óð" as one character of its user-defined area: a failed guess, not text.
        byte[] body = "Góðan daginn, innskráning 192.0.2.8".getBytes(Charset.forName("windows-1252"));
        ParsedReport report = parse(concat("From: a@b.example\nSubject: x\nContent-Transfer-Encoding: 8bit\n\n",
                body, "\n"));
        assertThat(report.bodyText()).isEqualTo("Góðan daginn, innskráning 192.0.2.8")
                .doesNotContainPattern("[\\uE000-\\uF8FF]");
        assertThat(report.details().indicators()).contains(new Indicator(Indicator.IPV4, "192.0.2.8", "body"));
        assertThat(report.warnings()).containsExactly("Text without a declared charset could not be decoded "
                + "cleanly; read as windows-1252, undecodable bytes were replaced");
    }

    @Test
    void htmlWithoutAMimeCharsetIsReadInTheCharsetOfItsMetaElement() throws Exception {
        byte[] html = ("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">"
                + "</head><body><p>Фишинговый сайт: http://bank.example.net/login</p></body></html>")
                .getBytes(Charset.forName("windows-1251"));
        ParsedReport report = parse(concat("From: a@b.example\nSubject: x\nContent-Type: text/html\n"
                + "Content-Transfer-Encoding: 8bit\n\n", html, "\n"));
        assertThat(report.bodyText()).isEqualTo("Фишинговый сайт: http://bank.example.net/login");
        assertThat(report.warnings()).isEmpty();
    }

    @Test
    void htmlMetaCharsetShortFormIsUsedToo() throws Exception {
        byte[] html = "<meta charset='ISO-8859-2'><p>Zgłoszenie: podejrzana strona</p>"
                .getBytes(Charset.forName("ISO-8859-2"));
        ParsedReport report = parse(concat("From: a@b.example\nSubject: x\nContent-Type: text/html\n"
                + "Content-Transfer-Encoding: 8bit\n\n", html, "\n"));
        assertThat(report.bodyText()).isEqualTo("Zgłoszenie: podejrzana strona");
        assertThat(report.warnings()).isEmpty();
    }

    @Test
    void shiftJisBytesInAnIso2022jpEncodedWordAreReadAsShiftJis() throws Exception {
        Charset sjis = Charset.forName("windows-31j");
        String subject = "=?ISO-2022-JP?B?" + Base64.getEncoder().encodeToString("不正アクセスの報告".getBytes(sjis))
                + "?=";
        String name = "=?iso-2022-jp?B?" + Base64.getEncoder().encodeToString("山田太郎".getBytes(sjis)) + "?=";
        ParsedReport report = parse("From: " + name + " <yamada@example.jp>\nSubject: " + subject
                + "\n\nbody\n");
        assertThat(report.subject()).isEqualTo("不正アクセスの報告");
        assertThat(report.fromName()).isEqualTo("山田太郎");
        assertThat(report.fromAddress()).isEqualTo("yamada@example.jp");
    }

    @Test
    void shiftJisCharacterSplitAcrossTwoEncodedWordsIsJoined() throws Exception {
        byte[] bytes = "報告書".getBytes(Charset.forName("windows-31j"));
        String first = Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(bytes, 3));
        String second = Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(bytes, 3, bytes.length));
        ParsedReport report = parse("From: a@b.example\nSubject: [Report] =?ISO-2022-JP?B?" + first
                + "?=\n =?ISO-2022-JP?B?" + second + "?= 2026\n\nbody\n");
        assertThat(report.subject()).isEqualTo("[Report] 報告書 2026");
    }
}
