package org.csirtgateway.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.csirtgateway.ack.TeamIdentity;
import org.csirtgateway.testing.ExampleProfile;
import org.csirtgateway.testing.Rfc9116;
import org.junit.jupiter.api.Test;

class SecurityTxtTest {

    private static final TeamProfile PROFILE = new TeamProfileLoader(new TeamIdentity("x", "x@example.org"))
            .load(ProfileFile.read(ExampleProfile.path()));

    @Test
    void theGeneratedFileHasEveryRequiredFieldOfRfc9116() {
        Instant now = Instant.parse("2026-11-26T08:00:00Z");
        String text = new SecurityTxt(PROFILE).render(now, "http://127.0.0.1:8081/", false);
        assertThat(Rfc9116.problems(text, now)).isEmpty();
        assertThat(text).contains("Contact: mailto:csirt@example.org\n", "Contact: tel:+81-3-5555-0100\n",
                "Expires: 2027-05-25T08:00:00Z\n", "Preferred-Languages: en, ja\n",
                "Canonical: https://csirt.example.org/.well-known/security.txt\n",
                "Policy: https://csirt.example.org/rfc2350\n", "# This file is not signed");
        assertThat(text).doesNotContain("Encryption:");
    }

    @Test
    void expiresIsRenewedAtEveryRequest() {
        SecurityTxt securityTxt = new SecurityTxt(PROFILE);
        Instant later = Instant.parse("2027-10-01T00:00:00Z");
        String text = securityTxt.render(later, "http://127.0.0.1:8081", false);
        assertThat(text).contains("Expires: 2028-03-29T00:00:00Z");
        assertThat(Rfc9116.problems(text, later)).isEmpty();
    }

    @Test
    void withoutABaseUrlTheSiteUrlIsUsed() {
        TeamProfile bare = new TeamProfileLoader(new TeamIdentity("T", "t@example.org")).load(ProfileFile.empty());
        String text = new SecurityTxt(bare).render(Instant.now(), "http://127.0.0.1:8081/", false);
        assertThat(text).contains("Canonical: http://127.0.0.1:8081/.well-known/security.txt");
        assertThat(Rfc9116.problems(text, Instant.now())).isEmpty();
    }
}
