package org.csirtgateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * GnuPG (the real OpenPGP peer) in its own home directory, for tests that make keys and verify signatures.
 * {@link #close()} stops the gpg-agent it started.
 */
public final class GpgSigningPeer implements AutoCloseable {

    public record Result(int exitCode, String output) {
    }

    private final Path home;

    public GpgSigningPeer(Path home) {
        this.home = home;
        try {
            Files.createDirectories(home);
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static boolean installed() {
        return Files.isExecutable(Path.of("/usr/bin/gpg"));
    }

    public void generateSigningKey(String userId, String passphrase) {
        Result result = run(null, "--pinentry-mode", "loopback", "--passphrase", passphrase, "--quick-gen-key",
                userId, "ed25519", "sign", "1y");
        check(result, "generate a key");
    }

    public Path exportSecretKey(Path file, String passphrase) {
        Result result = run(null, "--pinentry-mode", "loopback", "--passphrase", passphrase, "--armor",
                "--output", file.toString(), "--export-secret-keys");
        check(result, "export the secret key");
        return file;
    }

    public Path exportPublicKey(Path file) {
        check(run(null, "--armor", "--output", file.toString(), "--export"), "export the public key");
        return file;
    }

    public Result verify(String clearSigned) {
        return run(clearSigned, "--verify");
    }

    public Result run(String input, String... args) {
        List<String> command = new ArrayList<>(List.of("/usr/bin/gpg", "--homedir", home.toString(), "--batch",
                "--no-tty"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (input != null) {
                process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
            }
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, output + "\n(gpg timed out)");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void check(Result result, String what) {
        if (result.exitCode() != 0) {
            throw new IllegalStateException("gpg could not " + what + ": " + result.output());
        }
    }

    @Override
    public void close() {
        try {
            Process process = new ProcessBuilder("/usr/bin/gpgconf", "--homedir", home.toString(), "--kill",
                    "gpg-agent").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            // the agent may not have started
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
