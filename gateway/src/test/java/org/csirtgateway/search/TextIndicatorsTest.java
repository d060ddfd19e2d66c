package org.csirtgateway.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.csirtgateway.index.Indicator;
import org.junit.jupiter.api.Test;

/** The interim indicator scan (until issue 4's extraction): English and Japanese text, forwarded mail. */
class TextIndicatorsTest {

    @Test
    void findsIndicatorsInEnglishText() {
        assertThat(TextIndicators.in("Phishing at https://bank-login.example/a.php?x=1, hosted on 192.0.2.7; "
                + "mail from Fraud@Evil.example; sample d41d8cd98f00b204e9800998ecf8427e; CVE-2024-3400 and "
                + "promoting cheap-pills.xyz."))
                .contains(new Indicator("url", "https://bank-login.example/a.php?x=1"),
                        new Indicator("domain", "bank-login.example"), new Indicator("ip", "192.0.2.7"),
                        new Indicator("email", "fraud@evil.example"), new Indicator("domain", "evil.example"),
                        new Indicator("hash", "d41d8cd98f00b204e9800998ecf8427e"),
                        new Indicator("cve", "cve-2024-3400"), new Indicator("domain", "cheap-pills.xyz"));
    }

    @Test
    void findsIndicatorsInsideJapaneseSentences() {
        assertThat(TextIndicators.in("偽のログインページはhttps://secure-id.example/verify.phpで公開されており、"
                + "サーバーは203.0.113.5です。CVE-2023-12345により任意のコードが実行可能です。"))
                .contains(new Indicator("url", "https://secure-id.example/verify.php"),
                        new Indicator("ip", "203.0.113.5"), new Indicator("cve", "cve-2023-12345"));
    }

    @Test
    void forwardingHeadersAndSignaturesAreNotTheReportsIndicators() {
        String forwarded = "FYI\n\n---------- Forwarded message ---------\nFrom: Alice <alice@isp.example>\n"
                + "To: abuse@provider.example\n\n> Scanning from 198.51.100.4.\n\nRegards,\nBob\n-- \n"
                + "Bob <bob@forwarder.example>\n";
        assertThat(TextIndicators.ofReport("Fwd: scan", forwarded))
                .containsExactly(new Indicator("ip", "198.51.100.4"));
    }
}
