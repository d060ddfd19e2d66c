package org.csirtgateway.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.csirtgateway.ack.TeamIdentity;
import org.csirtgateway.testing.ExampleProfile;
import org.csirtgateway.triage.TriageSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TeamProfileLoaderTest {

    private static final TeamIdentity IDENTITY = new TeamIdentity("Fallback CSIRT", "fallback@example.org");

    @TempDir
    Path dir;

    @Test
    void theExampleProfileLoadsWithItsConstituencyPartnersAndRules() {
        ProfileFile file = ProfileFile.read(ExampleProfile.path());
        TeamProfile profile = new TeamProfileLoader(IDENTITY).load(file);
        assertThat(profile.name()).isEqualTo("Example CSIRT");
        assertThat(profile.mission().ja()).contains("インシデント");
        assertThat(profile.contact().languages()).containsExactly("en", "ja");
        assertThat(profile.contact().timeZone()).isEqualTo("Asia/Tokyo");
        assertThat(profile.constituency().networks()).hasSize(3);
        assertThat(profile.constituency().asns()).containsExactly(64500L);
        assertThat(profile.partners()).extracting(TeamProfile.Partner::name)
                .containsExactly("Partner NREN CERT", "Example ISP Abuse Team");
        assertThat(profile.publication().expiresAfterDays()).isEqualTo(180);

        TriageSettings triage = TriageSettings.read(file);
        assertThat(triage.taxonomy().name()).contains("RSIT");
        assertThat(triage.rules()).extracting(r -> r.name()).contains("phishing-report", "arf-fraud-report");
        assertThat(triage.definition().kindOf("fraud/phishing")).isEqualTo("incident");
        assertThat(triage.definition().kindOf("vulnerable/ddos-amplifier")).isEqualTo("event");
        assertThat(triage.definition().kindOf("vulnerable/vulnerable-system")).isEqualTo("incident");
    }

    @Test
    void aWrongNetworkIsNamedByItsKeyPath() {
        Path file = ExampleProfile.write(dir, """
                constituency:
                  networks: [192.0.2.0/24, 2001:db8::/32, 10.0.0.0/33]
                """);
        assertThatThrownBy(() -> new TeamProfileLoader(IDENTITY).load(ProfileFile.read(file)))
                .isInstanceOf(ProfileException.class)
                .hasMessageStartingWith("constituency.networks[2]: '10.0.0.0/33' is not a CIDR network");
    }

    @Test
    void aWrongPartnerDomainIsNamedByItsKeyPath() {
        Path file = ExampleProfile.write(dir, """
                partners:
                  - name: A
                    address: a@a.example
                  - name: B
                    address: b@b.example
                    domains: [good.example, "bad domain"]
                """);
        assertThatThrownBy(() -> new TeamProfileLoader(IDENTITY).load(ProfileFile.read(file)))
                .hasMessageStartingWith("partners[1].domains[1]: 'bad domain' is not a domain name");
    }

    @Test
    void aTypoInAKeyIsAnErrorNotASilentDefault() {
        Path file = ExampleProfile.write(dir, """
                constituency:
                  netwroks: [192.0.2.0/24]
                """);
        assertThatThrownBy(() -> new TeamProfileLoader(IDENTITY).load(ProfileFile.read(file)))
                .hasMessageStartingWith("constituency.netwroks: unknown key");
    }

    @Test
    void securityTxtMayNotExpireAYearOrMoreAhead() {
        Path file = ExampleProfile.write(dir, "publication: {expiresAfterDays: 365}\n");
        assertThatThrownBy(() -> new TeamProfileLoader(IDENTITY).load(ProfileFile.read(file)))
                .hasMessageStartingWith("publication.expiresAfterDays: must be 1 to 364");
    }

    @Test
    void aRuleNamingACategoryOutsideTheTaxonomyIsRefused() {
        Path file = ExampleProfile.write(dir, """
                rules:
                  - name: phish
                    category: fraud/fishing
                    when: {keywords: [phish]}
                """);
        assertThatThrownBy(() -> TriageSettings.read(ProfileFile.read(file)))
                .hasMessageStartingWith("rules[0].category: 'fraud/fishing' is not a class/type of");
    }

    @Test
    void aRuleWithABrokenPatternIsRefused() {
        Path file = ExampleProfile.write(dir, """
                rules:
                  - name: broken
                    category: fraud/phishing
                    when: {patterns: ['(unclosed']}
                """);
        assertThatThrownBy(() -> TriageSettings.read(ProfileFile.read(file)))
                .hasMessageStartingWith("rules[0].when.patterns[0]: '(unclosed' is not a regular expression");
    }

    @Test
    void aMissingPartnerKeyFileIsNamed() {
        Path file = ExampleProfile.write(dir, """
                partners:
                  - name: A
                    address: a@a.example
                    publicKey: keys/missing.asc
                """);
        assertThatThrownBy(() -> new TeamProfileLoader(IDENTITY).load(ProfileFile.read(file)))
                .hasMessageStartingWith("partners[0].publicKey: file ").hasMessageContaining("does not exist");
    }

    @Test
    void aPartnerKeyFileThatHoldsNoKeyIsRefusedBeforeAnyForwardCouldGoOutInClear() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("partner.asc"), "not a key\n");
        Path file = ExampleProfile.write(dir, """
                partners:
                  - name: A
                    address: a@a.example
                    publicKey: partner.asc
                """);
        assertThatThrownBy(() -> new TeamProfileLoader(IDENTITY).load(ProfileFile.read(file)))
                .hasMessageStartingWith("partners[0].publicKey: ").hasMessageContaining("is not an OpenPGP public key");
    }

    @Test
    void aSecretKeyCanNotBePublishedByMistake() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("team.asc"),
                "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nxyz\n-----END PGP PRIVATE KEY BLOCK-----\n");
        Path file = ExampleProfile.write(dir, "publicKeys:\n  - file: team.asc\n");
        assertThatThrownBy(() -> new TeamProfileLoader(IDENTITY).load(ProfileFile.read(file)))
                .hasMessageStartingWith("publicKeys[0].file: ").hasMessageContaining("is not an armored OpenPGP "
                        + "public key");
    }

    @Test
    void withoutAProfileTheGatewayIdentityIsUsed() {
        TeamProfile profile = new TeamProfileLoader(IDENTITY).load(ProfileFile.empty());
        assertThat(profile.name()).isEqualTo("Fallback CSIRT");
        assertThat(profile.contact().email()).isEqualTo("fallback@example.org");
        assertThat(profile.constituency().isEmpty()).isTrue();
    }
}
