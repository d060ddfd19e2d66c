package org.csirtgateway.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.bouncycastle.openpgp.api.OpenPGPCertificate;
import org.csirtgateway.config.ConfigLoader;
import org.csirtgateway.config.GatewayConfig;
import org.csirtgateway.crypto.Fingerprints;
import org.csirtgateway.crypto.ReporterKeys;
import org.csirtgateway.crypto.TeamKeyLoader;
import org.csirtgateway.crypto.TeamKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The team's OpenPGP keys (from the configuration) and the reporters' keys (in the database). */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "List the team's OpenPGP keys (fingerprints and user IDs) and the reporters' keys.",
        subcommands = {KeysCommand.Export.class, KeysCommand.Import.class, KeysCommand.Trust.class})
final class KeysCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "the gateway's configuration file")
    Path configFile;

    @Override
    public Integer call() {
        if (configFile == null) {
            throw new IllegalArgumentException("give --config FILE (the team keys are named in the configuration)");
        }
        GatewayConfig config = new ConfigLoader(System.getenv()).load(configFile);
        TeamKeys team = TeamKeyLoader.load(config.pgp());
        PrintWriter out = spec.commandLine().getOut();
        if (team.isEmpty()) {
            out.println("No team keys configured (pgp.secretKeys).");
        } else {
            out.println("Team keys (all decrypt; the first signs):");
            boolean first = true;
            for (OpenPGPCertificate certificate : team.certificates()) {
                out.println((first ? "  * " : "    ") + certificate.getPrettyFingerprint());
                for (OpenPGPCertificate.OpenPGPUserId userId : certificate.getAllUserIds()) {
                    out.println("      " + userId.getUserId());
                }
                first = false;
            }
        }
        List<ReporterKeys.KeyRow> reporters = new ReporterKeys(org.csirtgateway.store.Database.open(
                config.databaseFile())).list();
        out.println("Reporter keys: " + reporters.size());
        for (ReporterKeys.KeyRow row : reporters) {
            out.println("  " + row.fingerprint() + "  " + (row.trusted() ? "trusted" : "unverified") + "  "
                    + row.source() + (row.seenFrom() == null ? "" : " from " + row.seenFrom()));
            for (String userId : row.userIds()) {
                out.println("      " + userId);
            }
        }
        return 0;
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Print the team's public keys, armored, for the web site, WKD or key servers.")
    static final class Export implements Callable<Integer> {

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--config", required = true, paramLabel = "FILE",
                description = "the gateway's configuration file")
        Path configFile;

        @Override
        public Integer call() {
            TeamKeys team = TeamKeyLoader.load(new ConfigLoader(System.getenv()).load(configFile).pgp());
            if (team.isEmpty()) {
                throw new IllegalArgumentException("no team keys configured (pgp.secretKeys)");
            }
            spec.commandLine().getOut().print(team.armoredPublicKeys());
            return 0;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Import reporters' public keys from a file (armored or binary).")
    static final class Import implements Callable<Integer> {

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "the key file")
        Path file;

        @Option(names = "--trust", description = "mark the imported keys trusted (you checked the fingerprint with "
                + "the reporter): replies to their addresses are then encrypted")
        boolean trust;

        @Mixin
        DataOptions data;

        @Override
        public Integer call() throws IOException {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
            }
            ReporterKeys keys = new ReporterKeys(data.openDatabase());
            List<String> fingerprints;
            try {
                fingerprints = keys.importKeys(bytes, ReporterKeys.IMPORTED, null, DataOptions.clock().instant());
            } catch (TeamKeys.KeyException e) {
                throw new IllegalArgumentException(file + ": " + e.getMessage());
            }
            for (String fingerprint : fingerprints) {
                if (trust) {
                    keys.setTrusted(fingerprint, true, "cli", DataOptions.clock().instant());
                }
                spec.commandLine().getOut().println("Imported " + fingerprint + (trust ? " (trusted)" : ""));
            }
            return 0;
        }
    }

    @Command(name = "trust", mixinStandardHelpOptions = true,
            description = "Mark a reporter's key trusted (or --revoke the trust).")
    static final class Trust implements Callable<Integer> {

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FINGERPRINT", description = "the key's fingerprint (spaces allowed)")
        String fingerprint;

        @Option(names = "--revoke", description = "withdraw the trust instead")
        boolean revoke;

        @Mixin
        DataOptions data;

        @Override
        public Integer call() {
            ReporterKeys keys = new ReporterKeys(data.openDatabase());
            if (!keys.setTrusted(fingerprint, !revoke, "cli", DataOptions.clock().instant())) {
                throw new IllegalArgumentException("no reporter key with fingerprint " + fingerprint);
            }
            spec.commandLine().getOut().println((revoke ? "No longer trusted: " : "Trusted: ")
                    + fingerprint.replaceAll("\\s", "").toUpperCase(java.util.Locale.ROOT));
            return 0;
        }
    }

    static String describe(OpenPGPCertificate certificate) {
        return Fingerprints.hex(certificate.getFingerprint()) + " " + Fingerprints.userId(certificate);
    }
}
