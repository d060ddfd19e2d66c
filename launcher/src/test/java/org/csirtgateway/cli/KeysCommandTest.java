package org.csirtgateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.bouncycastle.openpgp.api.OpenPGPCertificate;
import org.bouncycastle.openpgp.api.OpenPGPKeyReader;
import org.csirtgateway.crypto.PgpFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** csirt-gateway keys: the team's keys from the configuration, reporters' keys in the database. */
class KeysCommandTest {

    private static final String WRONG_PASSPHRASE = "wrong-secret-words";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Path rsa;
    private Path curve;
    private Path passphrase;

    @BeforeEach
    void copyFixtures() throws Exception {
        rsa = Files.write(dir.resolve("team-rsa.sec.asc"), PgpFixtures.bytes("team-rsa.sec.asc"));
        curve = Files.write(dir.resolve("team-25519.sec.asc"), PgpFixtures.bytes("team-25519.sec.asc"));
        passphrase = Files.write(dir.resolve("passphrase"), PgpFixtures.bytes("team.passphrase"));
    }

    @Test
    void keysListsTheTeamKeysFingerprintsAndUserIdsFirstOneSigning() throws Exception {
        int exit = run("keys", "--config", config("passphraseFile: " + passphrase).toString());

        assertThat(exit).as(err.toString()).isZero();
        String rsaFingerprint = certificate("team-rsa.pub.asc").getPrettyFingerprint();
        assertThat(out.toString()).contains("* " + rsaFingerprint)
                .contains(certificate("team-25519.pub.asc").getPrettyFingerprint())
                .contains("Example CSIRT (RSA) <csirt@example.org>")
                .contains("Example CSIRT (25519) <csirt@example.org>").contains("Reporter keys: 0");
    }

    @Test
    void exportPrintsThePublicKeysOnly() throws Exception {
        int exit = run("keys", "export", "--config", config("passphraseFile: " + passphrase).toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----")
                .doesNotContain("PRIVATE KEY");
        List<OpenPGPCertificate> exported = new OpenPGPKeyReader().parseCertificates(out.toString());
        assertThat(exported).extracting(OpenPGPCertificate::getPrettyFingerprint).containsExactly(
                certificate("team-rsa.pub.asc").getPrettyFingerprint(),
                certificate("team-25519.pub.asc").getPrettyFingerprint());
    }

    @Test
    void wrongPassphraseNamesTheKeyAndTheFileButNeverThePassphrase() throws Exception {
        int exit = run("keys", "--config", config("passphrase: " + WRONG_PASSPHRASE).toString());

        assertThat(exit).isEqualTo(FailureHandler.CONFIG_ERROR);
        assertThat(err.toString()).contains("Key 'pgp.secretKeys'").contains("wrong passphrase")
                .contains("team-rsa.sec.asc").doesNotContain(WRONG_PASSPHRASE).doesNotContain("Exception");
    }

    @Test
    void importedReporterKeyCanBeTrustedAndIsListed() throws Exception {
        Path key = Files.write(dir.resolve("reporter.asc"), PgpFixtures.bytes("reporter.pub.asc"));
        String fingerprint = org.csirtgateway.crypto.Fingerprints.hex(
                certificate("reporter.pub.asc").getFingerprint());

        int imported = run("keys", "import", key.toString(), "--data", dir.resolve("data").toString());
        int trusted = run("keys", "trust", fingerprint, "--data", dir.resolve("data").toString());
        int listed = run("keys", "--config", config("passphraseFile: " + passphrase).toString());

        assertThat(imported).as(err.toString()).isZero();
        assertThat(trusted).as(err.toString()).isZero();
        assertThat(listed).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Imported " + fingerprint).contains("Trusted: " + fingerprint)
                .contains(fingerprint + "  trusted  imported").contains("Alice Reporter <alice@reporter.example>");
    }

    @Test
    void importOfSomethingElseIsRefusedWithTheFileNamed() throws Exception {
        Path notAKey = Files.writeString(dir.resolve("notes.txt"), "hello");

        int exit = run("keys", "import", notAKey.toString(), "--data", dir.resolve("data").toString());

        assertThat(exit).isEqualTo(FailureHandler.USAGE_ERROR);
        assertThat(err.toString()).contains("notes.txt").contains("Not a readable OpenPGP public key");
    }

    private static OpenPGPCertificate certificate(String name) throws Exception {
        return new OpenPGPKeyReader().parseCertificate(PgpFixtures.bytes(name));
    }

    private Path config(String passphraseLine) throws Exception {
        String yaml = """
                team:
                  address: csirt@example.org
                data:
                  dir: %s
                imap:
                  host: 127.0.0.1
                  user: csirt@example.org
                  password: secret
                smtp:
                  host: 127.0.0.1
                pgp:
                  secretKeys: "%s, %s"
                  %s
                """.formatted(dir.resolve("data"), rsa, curve, passphraseLine);
        return Files.writeString(dir.resolve("gateway.yml"), yaml, StandardCharsets.UTF_8);
    }

    private int run(String... args) {
        CommandLine commandLine = CsirtGatewayCli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }
}
