package org.csirtgateway.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real GnuPG as the reporter's (or any peer's) OpenPGP program, in its own throw-away GNUPGHOME. Tests that use it
 * first check {@link #available()}: {@code .ci/run} installs gnupg, a developer machine may not have it.
 */
public final class Gpg implements AutoCloseable {

    private final Path home;

    private Gpg(Path home) {
        this.home = home;
    }

    public static boolean available() {
        return Programs.runs("gpg", "--version");
    }

    /** A fresh GnuPG home under {@code dir}. */
    public static Gpg in(Path dir) {
        try {
            Path home = Files.createDirectories(dir.resolve("gnupg"));
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
            return new Gpg(home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Makes a key with an encryption subkey and no passphrase; returns its fingerprint.
     *
     * @param kind "rsa3072" or "25519"
     */
    public String generateKey(String userId, String kind) {
        String primary = kind.equals("rsa3072") ? "rsa3072" : "ed25519";
        String sub = kind.equals("rsa3072") ? "rsa3072" : "cv25519";
        run(new byte[0], "--passphrase", "", "--quick-gen-key", userId, primary, "sign,cert", "0");
        String fingerprint = fingerprint(userId);
        run(new byte[0], "--passphrase", "", "--quick-add-key", fingerprint, sub, "encr", "0");
        return fingerprint;
    }

    public String fingerprint(String userId) {
        String listing = text(run(new byte[0], "--with-colons", "--list-keys", userId));
        for (String line : listing.split("\n")) {
            if (line.startsWith("fpr:")) {
                return line.split(":")[9];
            }
        }
        throw new IllegalStateException("no key for " + userId);
    }

    public String exportPublic(String userId) {
        return text(run(new byte[0], "--armor", "--export", userId));
    }

    public String exportSecret(String userId) {
        return text(run(new byte[0], "--passphrase", "", "--armor", "--export-secret-keys", userId));
    }

    public void importKey(String armored) {
        run(armored.getBytes(StandardCharsets.US_ASCII), "--import");
    }

    /** Encrypts (armored) to {@code recipient}, signing with {@code signer} unless null. */
    public byte[] encrypt(byte[] plaintext, String recipient, String signer) {
        List<String> args = new ArrayList<>(List.of("--armor", "--trust-model", "always", "--encrypt",
                "--recipient", recipient));
        if (signer != null) {
            args.addAll(List.of("--sign", "--local-user", signer));
        }
        return run(plaintext, args.toArray(String[]::new));
    }

    public byte[] detachSign(byte[] data, String signer) {
        return run(data, "--armor", "--detach-sign", "--local-user", signer);
    }

    public byte[] clearSign(byte[] text, String signer) {
        return run(text, "--clearsign", "--local-user", signer);
    }

    /** Decrypts and verifies; the result holds gpg's status lines (GOODSIG, DECRYPTION_OKAY, ...) and output. */
    public Result decrypt(byte[] message) {
        return runAllowingFailure(message, "--status-fd", "2", "--trust-model", "always", "--decrypt");
    }

    /** Verifies a detached signature over {@code data}. */
    public Result verify(byte[] data, byte[] signature) {
        try {
            Path dir = Files.createTempDirectory(home, "verify");
            Path dataFile = Files.write(dir.resolve("data"), data);
            Path signatureFile = Files.write(dir.resolve("data.asc"), signature);
            return runAllowingFailure(new byte[0], "--status-fd", "2", "--trust-model", "always", "--verify",
                    signatureFile.toString(), dataFile.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** gpg's output and its status/diagnostic text. */
    public record Result(int exitCode, byte[] output, String status) {
        public String outputText() {
            return new String(output, StandardCharsets.UTF_8);
        }
    }

    public byte[] run(byte[] stdin, String... args) {
        Result result = runAllowingFailure(stdin, args);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("gpg " + String.join(" ", args) + " failed: " + result.status());
        }
        return result.output();
    }

    public Result runAllowingFailure(byte[] stdin, String... args) {
        List<String> command = new ArrayList<>(List.of("gpg", "--homedir", home.toString(), "--batch", "--yes",
                "--no-tty", "--pinentry-mode", "loopback"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).start();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread errReader = new Thread(() -> copy(process.getErrorStream(), err));
            errReader.start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Thread outReader = new Thread(() -> copy(process.getInputStream(), out));
            outReader.start();
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin);
            } catch (IOException ignored) {
                // gpg may close stdin early when it does not need it
            }
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("gpg timed out: " + command);
            }
            outReader.join();
            errReader.join();
            return new Result(process.exitValue(), out.toByteArray(), err.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void copy(InputStream from, ByteArrayOutputStream to) {
        try {
            from.transferTo(to);
        } catch (IOException ignored) {
            // the process ended
        }
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            Process process = new ProcessBuilder("gpgconf", "--homedir", home.toString(), "--kill", "all")
                    .redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            process.waitFor(20, TimeUnit.SECONDS);
        } catch (IOException e) {
            // nothing left to stop
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
