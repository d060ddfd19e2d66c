package org.csirtgateway.triage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class TextIndicatorScanTest {

    private final TextIndicatorScan scan = new TextIndicatorScan();

    private List<String> found(String text) {
        return scan.scan(TextIndicatorScan.refang(text)).stream().map(i -> i.type() + " " + i.host()).toList();
    }

    @Test
    void findsAddressesUrlsMailboxesAndDomains() {
        assertThat(found("From 192.0.2.1 and 2001:db8::1 via https://www.Example.org:8443/a?b "
                + "mail abuse@isp.example about evil.example.com, not report.txt or 999.1.1.1"))
                .containsExactly("url www.example.org", "email isp.example", "ipv4 192.0.2.1", "ipv6 2001:db8::1",
                        "domain evil.example.com");
    }

    @Test
    void undoesDefanging() {
        assertThat(found("hxxp://bad[.]example/x and 198[.]51[.]100[.]7 and user[at]mail(.)example"))
                .containsExactly("url bad.example", "email mail.example", "ipv4 198.51.100.7");
    }

    @Test
    void timesAndVersionNumbersAreNotAddresses() {
        assertThat(found("at 10:30:15 version 1.2.3 build 1.2.3.4.5")).isEmpty();
    }
}
