package org.csirtgateway.ui.publicsite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.csirtgateway.ack.TeamIdentity;
import org.csirtgateway.profile.ClearSigner;
import org.csirtgateway.profile.ProfileFile;
import org.csirtgateway.profile.TeamProfile;
import org.csirtgateway.profile.TeamProfileLoader;
import org.csirtgateway.testing.ExampleProfile;
import org.csirtgateway.testing.GpgSigningPeer;
import org.csirtgateway.testing.Rfc9116;
import org.csirtgateway.triage.TriageSettings;
import org.csirtgateway.ui.web.SecurityHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The public point of contact on its own listener: security.txt (RFC 9116), the team key and the RFC 2350 page in
 * English and Japanese; nothing of the admin UI, read-only, profile texts escaped.
 */
class PublicSiteTest {

    private static final String PASSPHRASE = "signing key passphrase";
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @TempDir
    Path dir;
    private PublicSite site;
    private GpgSigningPeer gpg;

    private PublicSite start(Path profileFile, Optional<ClearSigner> signer) {
        ProfileFile file = ProfileFile.read(profileFile);
        TeamProfile profile = new TeamProfileLoader(new TeamIdentity("Example CSIRT", "csirt@example.org"))
                .load(file);
        TriageSettings triage = TriageSettings.read(file);
        site = new PublicSite(new PublicSiteSettings("127.0.0.1", 0), profile, triage.taxonomy(),
                triage.definition(), signer, Clock.systemUTC());
        site.start();
        return site;
    }

    @AfterEach
    void stop() {
        if (site != null) {
            site.stop();
        }
        if (gpg != null) {
            gpg.close();
        }
    }

    private HttpResponse<String> get(String path) {
        return send("GET", path);
    }

    private HttpResponse<String> send(String method, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(site.url() + path.substring(1)))
                            .method(method, HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void securityTxtHasTheRequiredFieldsOfRfc9116AndSaysItIsUnsigned() {
        start(ExampleProfile.path(), Optional.empty());
        HttpResponse<String> response = get("/.well-known/security.txt");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type.replace(" ", "")).isEqualTo("text/plain;charset=utf-8"));
        assertThat(Rfc9116.problems(response.body(), Instant.now())).isEmpty();
        assertThat(response.body()).contains("Contact: mailto:csirt@example.org")
                .contains("Canonical: https://csirt.example.org/.well-known/security.txt")
                .contains("Preferred-Languages: en, ja").contains("not signed");
        assertThat(get("/security.txt").headers().firstValue("Location")).hasValue("/.well-known/security.txt");
    }

    @Test
    void aSignedSecurityTxtVerifiesWithGpgAndPointsAtThePublishedKey() throws IOException {
        assumeTrue(GpgSigningPeer.installed(), "gpg is not installed (apt package gnupg)");
        gpg = new GpgSigningPeer(dir.resolve("g"));
        gpg.generateSigningKey("Example CSIRT <csirt@example.org>", PASSPHRASE);
        Path secret = gpg.exportSecretKey(dir.resolve("team-secret.asc"), PASSPHRASE);
        gpg.exportPublicKey(dir.resolve("team-public.asc"));
        Path profile = ExampleProfile.write(dir, ExampleProfile.text().replace("publicKeys: []",
                "publicKeys:\n  - file: team-public.asc"));
        start(profile, Optional.of(ClearSigner.load(secret, PASSPHRASE.toCharArray())));

        String signed = get("/.well-known/security.txt").body();
        assertThat(signed).startsWith("-----BEGIN PGP SIGNED MESSAGE-----")
                .contains("Encryption: https://csirt.example.org/pgp-key.txt");
        assertThat(Rfc9116.problems(signed, Instant.now())).isEmpty();
        GpgSigningPeer.Result verified = gpg.verify(signed);
        assertThat(verified.exitCode()).as(verified.output()).isZero();
        assertThat(verified.output()).contains("Good signature from \"Example CSIRT <csirt@example.org>\"");

        HttpResponse<String> key = get("/pgp-key.txt");
        assertThat(key.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type.replace(" ", "")).isEqualTo("text/plain;charset=utf-8"));
        assertThat(key.body()).startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----");
    }

    @Test
    void theRfc2350PageShowsTheProfileInEnglishAndJapanese() {
        start(ExampleProfile.path(), Optional.empty());
        String english = get("/rfc2350").body();
        assertThat(english).contains("<html lang=\"en\">").contains("Example CSIRT (EX-CSIRT)")
                .contains("2. Contact information").contains("Asia/Tokyo").contains("+81-3-5555-0100")
                .contains("helps Example University").contains("192.0.2.0/24").contains("example.ac.jp")
                .contains("Fraud / Phishing").contains("Partner NREN CERT").contains("mailto:csirt@example.org");

        String japanese = get("/ja/rfc2350").body();
        assertThat(japanese).contains("<html lang=\"ja\">").contains("2. 連絡先情報").contains("ミッション")
                .contains("インシデントの予防・検知・復旧を支援し").contains("平日 9:00〜17:30")
                .contains("詐欺 / フィッシング").contains("〒100-0000");
        assertThat(get("/rfc2350?lang=ja").body()).contains("<html lang=\"ja\">");
        assertThat(get("/rfc2350").headers().firstValue("Content-Security-Policy"))
                .hasValue(SecurityHeaders.CONTENT_SECURITY_POLICY);
    }

    @Test
    void profileTextCanNotInjectMarkupIntoThePublicPage() {
        Path profile = ExampleProfile.write(dir, """
                team:
                  name: "<script>alert(1)</script>"
                  mission: "<img src=x onerror=alert(2)>"
                """);
        start(profile, Optional.empty());
        String page = get("/rfc2350").body();
        assertThat(page).doesNotContain("<script>alert(1)").doesNotContain("<img src=x")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test
    void theAdminUiIsNotReachableThroughThePublicSite() {
        start(ExampleProfile.path(), Optional.empty());
        for (String path : new String[] {"/tickets", "/login", "/api/tickets", "/api/health", "/assets/app.css",
                "/api/tickets/CSIRT%232026-000001/coordinate"}) {
            assertThat(get(path).statusCode()).as(path).isEqualTo(404);
        }
    }

    @Test
    void thePublicSiteIsReadOnly() {
        start(ExampleProfile.path(), Optional.empty());
        for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH"}) {
            HttpResponse<String> response = send(method, "/rfc2350");
            assertThat(response.statusCode()).as(method).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
        }
        assertThat(get("/rfc2350").headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void withoutAKeyThereIsNoKeyToServe() {
        start(ExampleProfile.path(), Optional.empty());
        assertThat(get("/pgp-key.txt").statusCode()).isEqualTo(404);
        assertThat(get("/.well-known/security.txt").body()).doesNotContain("Encryption:");
    }
}
