package org.csirtgateway.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.openpgp.api.OpenPGPKey;
import org.bouncycastle.openpgp.api.bc.BcOpenPGPApi;
import org.csirtgateway.reason.Finding;
import org.csirtgateway.crypto.Fingerprints;
import org.csirtgateway.crypto.ReporterKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The keys page and the OpenPGP status on tickets. Threats: a key's user ID is reporter-controlled text (a key
 * attached to a report can claim any name, markup included); trusting a key decides who can read our replies, so it
 * must take a signed-in analyst's deliberate form post, never a cross-site request.
 */
class KeysPageTest {

    private static final String HOSTILE = "<script>alert(1)</script>";

    @TempDir
    Path directory;
    TestServer server;
    Browser browser;
    ReporterKeys keys;

    @BeforeEach
    void start() throws IOException {
        server = new TestServer(directory);
        keys = new ReporterKeys(server.database);
        browser = server.browser().signedIn();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void analystImportsAKeyAndMarksItTrustedWithTheFormsCsrfToken() throws Exception {
        String armored = newKey("Rita Reporter <rita@reporter.example>").toCertificate().toAsciiArmoredString();
        String csrf = Browser.csrfField(browser.get("/keys").body());

        HttpResponse<String> imported = browser.post("/keys/import", Map.of("csrf", csrf, "key", armored));

        assertThat(imported.statusCode()).isEqualTo(200);
        assertThat(imported.body()).contains("Imported by").contains("Rita Reporter &lt;rita@reporter.example&gt;")
                .contains("unverified");
        String fingerprint = keys.list().get(0).fingerprint();

        HttpResponse<String> trusted = browser.post("/keys/" + fingerprint + "/trust",
                Map.of("csrf", csrf, "trusted", "true"));

        assertThat(trusted.statusCode()).isEqualTo(200);
        assertThat(keys.list().get(0).trusted()).isTrue();
        assertThat(keys.list().get(0).trustedBy()).isEqualTo(TestServer.USER);
    }

    @Test
    void keyCanNotBeMarkedTrustedByACrossSiteRequest() throws Exception {
        String fingerprint = keys.importKeys(newKey("Mallory <m@evil.example>").toCertificate()
                .toAsciiArmoredString().getBytes(), ReporterKeys.ATTACHED, "m@evil.example", Instant.now()).get(0);

        HttpResponse<String> forged = browser.post("/keys/" + fingerprint + "/trust", Map.of("trusted", "true"));

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(keys.list().get(0).trusted()).isFalse();
    }

    @Test
    void hostileUserIdInAnAttachedKeyIsShownAsText() throws Exception {
        keys.importKeys(newKey(HOSTILE + " <x@evil.example>").toCertificate().toAsciiArmoredString().getBytes(),
                ReporterKeys.ATTACHED, "x@evil.example", Instant.now());

        String page = browser.get("/keys").body();

        assertThat(page).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain(HOSTILE)
                .contains("attached from x@evil.example");
    }

    @Test
    void aSecondKeyForOneAddressIsMarkedConflictingOnBothKeysWithTheAddressShownAsText() throws Exception {
        String address = "o'brien&co@reporter.example";
        for (String userId : new String[] {"O'Brien <" + address + ">", "Impostor <" + address + ">"}) {
            byte[] armored = newKey(userId).toCertificate().toAsciiArmoredString().getBytes();
            server.database.inTransaction(connection -> keys.collect(connection, java.util.List.of(armored), address,
                    Instant.now()));
        }

        String page = browser.get("/keys").body();

        assertThat(page.split("conflicting key for o'brien&amp;co@reporter.example", -1)).hasSize(3);
        assertThat(page).doesNotContain("conflicting key for " + address);
    }

    @Test
    void trustingOneOfTwoConflictingKeysTellsTheAnalystRepliesNowGoToIt() throws Exception {
        String first = keys.importKeys(newKey("Rita <rita@reporter.example>").toCertificate().toAsciiArmoredString()
                .getBytes(), ReporterKeys.IMPORTED, null, Instant.now()).get(0);
        keys.importKeys(newKey("Rita <rita@reporter.example>").toCertificate().toAsciiArmoredString().getBytes(),
                ReporterKeys.IMPORTED, null, Instant.now());
        String csrf = Browser.csrfField(browser.get("/keys").body());

        HttpResponse<String> trusted = browser.post("/keys/" + first + "/trust",
                Map.of("csrf", csrf, "trusted", "true"));

        assertThat(trusted.statusCode()).isEqualTo(200);
        assertThat(trusted.body()).contains("replies to rita@reporter.example now go to this key");
    }

    @Test
    void garbageIsNotImportedAndTheAnalystIsToldWhy() {
        String csrf = Browser.csrfField(browser.get("/keys").body());

        HttpResponse<String> response = browser.post("/keys/import", Map.of("csrf", csrf, "key", "not a key"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("Not imported");
        assertThat(keys.list()).isEmpty();
    }

    @Test
    void ticketViewShowsDecryptionAndSignatureBadgesWithTheirDetails() {
        server.tickets.ticket("CSIRT#2026-000009", "Encrypted", "rita@reporter.example", "decrypted words",
                Instant.parse("2026-03-01T10:00:00Z"), null);
        server.tickets.crypto("CSIRT#2026-000009", "decrypted", "Decrypted with team key ABC", "bad", HOSTILE,
                "BAD signature claiming to be from " + HOSTILE);

        String page = browser.get("/tickets/CSIRT%232026-000009").body();

        assertThat(page).contains("encrypted, decrypted").contains("BAD signature")
                .contains("pgp-signature-bad").contains("Decrypted with team key ABC")
                .contains("&lt;script&gt;").doesNotContain(HOSTILE);
    }

    @Test
    void apiShowsEncryptionAndSignaturePerMessage() {
        server.tickets.ticket("CSIRT#2026-000010", "Signed", "rita@reporter.example", "signed words",
                Instant.parse("2026-03-01T10:00:00Z"), null);
        server.tickets.crypto("CSIRT#2026-000010", "none", "", "good", "Rita <rita@reporter.example>",
                "Good signature from Rita");

        String json = browser.get("/api/tickets/CSIRT%232026-000010").body();

        assertThat(json).contains("\"encryption\":{\"state\":\"none\"")
                .contains("\"signature\":{\"state\":\"good\",\"fingerprint\":\"" + "A".repeat(40) + "\"")
                .contains("\"userId\":\"Rita <rita@reporter.example>\"");
    }

    @Test
    void textAddedAroundAnEncryptedPartIsShownApartAsNotProtectedAndTheBadgeSaysPartiallyEncrypted() {
        String added = "Whitelist 192.0.2.66 " + HOSTILE + "\n\n";
        String protectedText = "The real report: phishing at login.bank.example";
        server.tickets.ticket("CSIRT#2026-000011", "Partly", "bob@reporter.example", added + protectedText,
                Instant.parse("2026-03-01T10:00:00Z"), null);
        server.tickets.crypto("CSIRT#2026-000011", "decrypted", "", "good", "Bob <bob@reporter.example>", "");
        server.tickets.protectedSpan("CSIRT#2026-000011", added.length(), added.length() + protectedText.length(),
                "Bob <bob@reporter.example>", List.of(Finding.of("partially-encrypted"),
                        Finding.of("sender-ambiguous", "eve@attacker.example, bob@reporter.example")));

        String page = browser.get("/tickets/CSIRT%232026-000011").body();

        assertThat(page).contains("PARTIALLY encrypted").contains("sender ambiguous")
                .contains("Only part of this message was encrypted")
                .contains("more than one sender in its From headers (eve@attacker.example, bob@reporter.example)")
                .doesNotContain("encrypted, decrypted").doesNotContain(HOSTILE);
        String clear = page.substring(page.indexOf("span-clear"));
        assertThat(clear).contains("Not protected").contains("Whitelist 192.0.2.66 &lt;script&gt;");
        String encrypted = page.substring(page.indexOf("span-protected"));
        assertThat(encrypted).contains("Encrypted part").contains(protectedText);
        assertThat(page.indexOf("span-clear")).isLessThan(page.indexOf("span-protected"));
    }

    @Test
    void apiGivesThePartsOfTheBodyWithTheirProtectionAndTheNotesAsCodes() {
        String added = "Added in transit.\n\n";
        String protectedText = "Encrypted words.";
        server.tickets.ticket("CSIRT#2026-000012", "Partly", "bob@reporter.example", added + protectedText,
                Instant.parse("2026-03-01T10:00:00Z"), null);
        server.tickets.crypto("CSIRT#2026-000012", "decrypted", "", "good", "Bob <bob@reporter.example>", "");
        server.tickets.protectedSpan("CSIRT#2026-000012", added.length(), added.length() + protectedText.length(),
                "Bob <bob@reporter.example>", List.of(Finding.of("partially-encrypted")));

        String json = browser.get("/api/tickets/CSIRT%232026-000012").body();

        assertThat(json).contains("\"protectionNotes\":[{\"code\":\"partially-encrypted\",\"params\":[],"
                        + "\"text\":\"Only part of this message was encrypted")
                .contains("{\"span\":{\"start\":0,\"end\":" + added.length() + "},\"isProtected\":false,"
                        + "\"encryption\":{\"state\":\"none\"")
                .contains("{\"span\":{\"start\":" + added.length() + ",\"end\":"
                        + (added.length() + protectedText.length()) + "},\"isProtected\":true,"
                        + "\"encryption\":{\"state\":\"decrypted\",\"detail\":\"Decrypted with team key");
    }

    private static OpenPGPKey newKey(String userId) throws Exception {
        OpenPGPKey key = new BcOpenPGPApi().generateKey(PublicKeyPacket.VERSION_4,
                new Date(System.currentTimeMillis() - 60_000), false).ed25519x25519Key(userId).build();
        assertThat(Fingerprints.hex(key.getFingerprint())).hasSize(40);
        return key;
    }
}
