package org.csirtgateway.indicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;

import org.junit.jupiter.api.Test;

class IndicatorExtractorTest {

    private final IndicatorExtractor extractor = new IndicatorExtractor(List.of("csirt@example.org"),
            List.of("example.org", "192.0.2.1"));

    private List<Indicator> extract(String text) {
        return extractor.extract(text, "body");
    }

    @Test
    void receivedHeadersGiveOnlyTheAddressesOfTheirFromClause() {
        List<Indicator> found = extract("""
                Received: from mail.sender.example (unknown [198.51.100.7]) by mx.victim.example
                 (2001:db8:1::25) with Microsoft SMTP Server (version=TLS1_2) id 15.20.239.5; Mon, 1 Jun 2026
                Received: by 10.20.30.40 with SMTP id abc; Mon, 1 Jun 2026
                Received: from [203.0.113.9] (helo=x) by relay.example with esmtp id 15.1.2.3
                """);
        assertThat(found).extracting(Indicator::type, Indicator::value)
                .contains(tuple(Indicator.IPV4, "198.51.100.7"), tuple(Indicator.IPV4, "203.0.113.9"))
                .doesNotContain(tuple(Indicator.IPV4, "15.20.239.5"), tuple(Indicator.IPV4, "10.20.30.40"),
                        tuple(Indicator.IPV4, "15.1.2.3"), tuple(Indicator.IPV6, "2001:db8:1::25"));
    }

    @Test
    void anAddressOutsideReceivedHeadersIsStillAnIndicator() {
        assertThat(extract("The build 15.20.239.5 of the scanner at 198.51.100.8 hit us."))
                .extracting(Indicator::value).contains("15.20.239.5", "198.51.100.8");
    }

    @Test
    void pgpFingerprintsAreNotSha1Hashes() {
        List<Indicator> found = extract("""
                My key: Key fingerprint = 3A4B 5C6D 7E8F 9A0B 1C2D  3E4F 5A6B 7C8D 9E0F 1A2B
                Fingerprint: 0123456789ABCDEF0123456789ABCDEF01234567
                pub   rsa3072 2024-01-01 [SC]
                      89ABCDEF0123456789ABCDEF0123456789ABCDEF
                uid   Reporter <reporter@sender.example>
                The dropper's SHA-1 is 3395856ce81f2b7382dee72602f798b642f14140.
                """);
        assertThat(found).filteredOn(i -> i.type().equals(Indicator.SHA1)).extracting(Indicator::value)
                .containsExactly("3395856ce81f2b7382dee72602f798b642f14140");
    }

    @Test
    void hashesInIdentifierHeadersAndHashesOfEmptyInputAreNotIndicators() {
        List<Indicator> found = extract("""
                Message-ID: <d41d8cd98f00b204e9800998ecf8427e@sender.example>
                > References: <0cc175b9c0f1b6a831c399e269772661@sender.example>
                X-MS-Exchange-Organization-Network-Message-Id: 9e107d9d372bb6826bd81d3542a419d6
                The file was empty: d41d8cd98f00b204e9800998ecf8427e, da39a3ee5e6b4b0d3255bfef95601890afd80709,
                e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855; the dropper is
                44d88612fea8a8f36de82e1278abb02f.
                """);
        assertThat(found).filteredOn(i -> i.type().equals(Indicator.MD5) || i.type().equals(Indicator.SHA1)
                        || i.type().equals(Indicator.SHA256)).extracting(Indicator::value)
                .containsExactly("44d88612fea8a8f36de82e1278abb02f");
    }

    @Test
    void findsEveryKindOfIndicatorAndWhereItWasFound() {
        List<Indicator> found = extract("""
                User at 192.0.2.55:54321 tried to log in. Net 198.51.100.0/24 and 2001:db8::17 scanned us.
                Phishing page https://login-bank.example.com/verify?id=1, mail from bad@phish.example.net.
                Hashes: 44d88612fea8a8f36de82e1278abb02f 3395856ce81f2b7382dee72602f798b642f14140
                275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f Exploit CVE-2024-3094.
                """);
        assertThat(found).extracting(Indicator::type, Indicator::value).contains(
                tuple(Indicator.IPV4, "192.0.2.55"),
                tuple(Indicator.CIDR, "198.51.100.0/24"),
                tuple(Indicator.IPV6, "2001:db8::17"),
                tuple(Indicator.URL, "https://login-bank.example.com/verify?id=1"),
                tuple(Indicator.DOMAIN, "login-bank.example.com"),
                tuple(Indicator.EMAIL, "bad@phish.example.net"),
                tuple(Indicator.MD5, "44d88612fea8a8f36de82e1278abb02f"),
                tuple(Indicator.SHA1, "3395856ce81f2b7382dee72602f798b642f14140"),
                tuple(Indicator.SHA256, "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f"),
                tuple(Indicator.CVE, "CVE-2024-3094"));
        assertThat(found).allSatisfy(i -> assertThat(i.source()).isEqualTo("body"));
    }

    @Test
    void defangedIndicatorsAreRefanged() {
        assertThat(extract("hxxps://evil[.]example[.]com/login and 203.0.113[.]7 and evil(.)example(dot)net "
                + "and hxxp[:]//bad[dot]example[.]com/x"))
                .extracting(Indicator::type, Indicator::value).contains(
                        tuple(Indicator.URL, "https://evil.example.com/login"),
                        tuple(Indicator.DOMAIN, "evil.example.com"),
                        tuple(Indicator.IPV4, "203.0.113.7"),
                        tuple(Indicator.DOMAIN, "evil.example.net"),
                        tuple(Indicator.URL, "http://bad.example.com/x"));
    }

    @Test
    void theTeamsOwnAddressesAndTheAllowlistAreNotReported() {
        assertThat(extract("Write to csirt@example.org, see https://www.example.org/ or portal.example.org; "
                + "our relay 192.0.2.1 forwarded it.")).isEmpty();
    }

    @Test
    void fileNamesTimesAndVersionNumbersAreNotIndicators() {
        assertThat(extract("See report.txt and invoice.pdf at 10:22:33, version 1.2.3, 3.14")).isEmpty();
    }

    @Test
    void aUrlEndsWhereJapaneseTextRunsOnWithoutASpace() {
        assertThat(extract("https://update-help359.org/portal/pwuntt.phpへ誘導するメールが届いています。"
                + "詳細はhttp://bad.example.net/a?b=1（添付）を参照。"))
                .filteredOn(i -> i.type().equals(Indicator.URL)).extracting(Indicator::value)
                .containsExactly("https://update-help359.org/portal/pwuntt.php", "http://bad.example.net/a?b=1");
    }

    /** URLs are looked for only around "://"; they must be exactly what the pattern finds in the whole text. */
    @Test
    void urlsFoundAroundTheirSeparatorsAreThoseThePatternFindsInTheWholeText() {
        String[] pieces = {"http://a.example/x", "HTTPS://B.example", "ftp://c.example", "xhttp://d.example",
                "1https://e.example", "hTTp://f.example/?u=https://g.example/", "://", "s://", "tp://", "ps://h",
                "http:/", "https:://i.example", " ", "\n", "へ", "（", "http://j.example/パス", ".", "<", ">", "\"",
                "abc", "https", "http", "ftp", "_http://k.example", "-https://l.example"};
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(8); n >= 0; n--) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            java.util.List<String> expected = new java.util.ArrayList<>();
            java.util.regex.Matcher whole = IndicatorExtractor.URL.matcher(text);
            while (whole.find()) {
                expected.add(whole.group());
            }
            assertThat(IndicatorExtractor.urls(text.toString())).as(text.toString()).isEqualTo(expected);
        }
    }

    /** A token's shape, read in one pass, tells each kind of indicator what its own test on the token told it. */
    @Test
    void aTokensShapeAnswersWhatEachKindAskedOfItBefore() {
        String alphabet = "aAcCvVeE09.-:/@_%+";
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < 50_000; i++) {
            StringBuilder token = new StringBuilder();
            for (int n = 3 + random.nextInt(14); n > 0; n--) {
                token.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String t = random.nextInt(8) == 0 ? "x" + token + "CvE-2024-1234" : token.toString();
            int shape = IndicatorExtractor.shapeOf(t);
            assertThat((shape & IndicatorExtractor.AT_INSIDE) != 0).as(t).isEqualTo(t.indexOf('@') > 0);
            assertThat((shape & IndicatorExtractor.DOT_INSIDE) != 0).as(t).isEqualTo(t.indexOf('.') > 0);
            assertThat((shape & IndicatorExtractor.DIGIT) != 0).as(t).isEqualTo(t.chars().anyMatch(Character::isDigit));
            assertThat((shape & IndicatorExtractor.COLONS) != 0).as(t).isEqualTo(t.indexOf(':') != t.lastIndexOf(':'));
            assertThat((shape & IndicatorExtractor.CVE_PREFIX) != 0).as(t)
                    .isEqualTo(t.toUpperCase(java.util.Locale.ROOT).contains("CVE-"));
        }
    }

    @Test
    void theLocalPartOfAnEmailAddressIsNotADomain() {
        assertThat(extract("Accounts include update.drive@alert-auth967.com and j.smith@phish.example.net."))
                .extracting(Indicator::type, Indicator::value)
                .doesNotContain(tuple(Indicator.DOMAIN, "update.drive"), tuple(Indicator.DOMAIN, "j.smith"))
                .contains(tuple(Indicator.EMAIL, "update.drive@alert-auth967.com"));
    }
}
