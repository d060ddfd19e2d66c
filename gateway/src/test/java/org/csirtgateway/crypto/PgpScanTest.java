package org.csirtgateway.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import org.csirtgateway.testing.SharedCorpus;
import org.junit.jupiter.api.Test;

/**
 * The streaming pass that spares nearly every message the in-memory OpenPGP stage. Threat: a message whose OpenPGP
 * content the pass overlooks would be ticketed without being decrypted or its signature checked; so the pass may say
 * "may hold" too often, never too rarely, which the corpus test checks against the OpenPGP stage itself.
 */
class PgpScanTest {

    private static final String HEAD = "From: a@reporter.example\r\nTo: csirt@example.org\r\nSubject: Report\r\n"
            + "Message-ID: <1@reporter.example>\r\nMIME-Version: 1.0\r\n";

    @Test
    void aPlainReportAndOneWithABinaryAttachmentNeedNoOpenPgpStage() {
        assertThat(scan(HEAD + "Content-Type: text/plain; charset=utf-8\r\n\r\nPhishing at 203.0.113.9.\r\n"))
                .isFalse();
        assertThat(scan(HEAD + "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
                + "Content-Type: text/plain\r\n\r\nSee the capture.\r\n--b\r\n"
                + "Content-Type: application/octet-stream; name=capture.pcap\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString(new byte[100_000]) + "\r\n--b--\r\n")).isFalse();
    }

    @Test
    void armorInsideAnEncodedTextPartIsFound() {
        String armored = "-----BEGIN PGP MESSAGE-----\n\nhQEMA...\n-----END PGP MESSAGE-----\n";
        assertThat(scan(HEAD + "Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString(("Hello\n" + armored).getBytes(StandardCharsets.UTF_8))
                + "\r\n")).isTrue();
        assertThat(scan(HEAD + "Content-Type: text/plain\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                + "-----BEGIN PGP SIGNED MESSAGE-----=\r\n\r\nHash: SHA256\r\n")).isTrue();
    }

    @Test
    void armorAcrossTheScansReadBoundaryIsFound() {
        String padding = "x".repeat(8192 - 7);
        assertThat(scan(HEAD + "Content-Type: text/plain\r\n\r\n" + padding
                + "-----BEGIN PGP PUBLIC KEY BLOCK-----\r\n")).isTrue();
    }

    @Test
    void pgpMimeLayersKeyPartsAndPgpFileNamesAreFound() {
        assertThat(scan(HEAD + "Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\"; "
                + "boundary=b\r\n\r\n--b\r\nContent-Type: application/pgp-encrypted\r\n\r\nVersion: 1\r\n--b--\r\n"))
                .isTrue();
        assertThat(scan(HEAD + "Content-Type: multipart/signed; protocol=\"application/pgp-signature\"; "
                + "boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nSigned.\r\n--b--\r\n")).isTrue();
        assertThat(scan(attachment("application/pgp-keys", "key.bin"))).isTrue();
        assertThat(scan(attachment("application/octet-stream", "evidence.zip.gpg"))).isTrue();
        assertThat(scan(attachment("application/octet-stream", "report.ASC"))).isTrue();
        assertThat(scan(attachment("application/octet-stream", "=?utf-8?B?cmVwb3J0LmFzYw==?="))).isTrue();
    }

    @Test
    void textInACharsetThatDoesNotSpellArmorInAsciiIsLeftToTheOpenPgpStage() {
        assertThat(scan(HEAD + "Content-Type: text/plain; charset=utf-16\r\n\r\n" + "no armor here")).isTrue();
        assertThat(scan(HEAD + "Content-Type: text/plain; charset=iso-2022-jp\r\n\r\nno armor here")).isFalse();
    }

    @Test
    void noMessageOfTheCorpusThatTheOpenPgpStageActsOnIsPassedOver() throws IOException {
        PgpUnwrapper unwrapper = new PgpUnwrapper(new PgpMessages(PgpFixtures.teamKeys(),
                PgpFixtures.knowing(), PgpLimits.DEFAULT));
        List<Path> messages = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SharedCorpus.dir())) {
            files.filter(Files::isRegularFile).filter(file -> !file.getFileName().toString().endsWith(".md"))
                    .forEach(messages::add);
        }
        int passedOver = 0;
        for (Path file : messages) {
            byte[] raw = Files.readAllBytes(file);
            if (PgpScan.mayHoldPgp(new ByteArrayInputStream(raw), PgpLimits.DEFAULT.maxDecryptedBytes())) {
                continue;
            }
            passedOver++;
            PgpUnwrapper.Unwrapped unwrapped = unwrapper.unwrap(raw);
            assertThat(unwrapped.status()).as("OpenPGP status of %s, passed over by the scan", file)
                    .isEqualTo(CryptoStatus.PLAIN);
            assertThat(unwrapped.publicKeys()).as("keys in %s, passed over by the scan", file).isEmpty();
            assertThat(Arrays.equals(unwrapped.mime(), raw)).as("%s left as it is", file).isTrue();
        }
        assertThat(passedOver).as("corpus messages spared the in-memory stage").isGreaterThan(messages.size() / 2);
    }

    private static String attachment(String type, String name) {
        return HEAD + "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n"
                + "Attached.\r\n--b\r\nContent-Type: " + type + "\r\nContent-Disposition: attachment; filename=\""
                + name + "\"\r\n\r\nbinary\r\n--b--\r\n";
    }

    private static boolean scan(String message) {
        return PgpScan.mayHoldPgp(new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8)),
                PgpLimits.DEFAULT.maxDecryptedBytes());
    }
}
