package org.csirtgateway.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code openssl} binary, run in a directory of its own: makes certificates and S/MIME messages
 * ({@code openssl cms}) for tests, as {@link Gpg} does for OpenPGP.
 */
public final class OpenSsl {

    private final Path dir;

    private OpenSsl(Path dir) {
        this.dir = dir;
    }

    public static boolean available() {
        return Programs.runs("openssl", "version");
    }

    public static OpenSsl in(Path dir) {
        return new OpenSsl(dir);
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    /** A self-signed CA: {@code name}.pem and {@code name}.key. */
    public void ca(String name, String subject) {
        run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".pem",
                "-subj", subject, "-days", "30", "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    }

    /** A certificate for {@code address} issued by {@code ca}: {@code name}.pem, {@code name}.key. */
    public void person(String name, String commonName, String address, String ca) {
        run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr",
                "-subj", "/CN=" + commonName + "/emailAddress=" + address);
        write(name + ".ext", "subjectAltName=email:" + address + "\nkeyUsage=digitalSignature,keyEncipherment\n"
                + "extendedKeyUsage=emailProtection\n");
        run("x509", "-req", "-in", name + ".csr", "-CA", ca + ".pem", "-CAkey", ca + ".key", "-CAcreateserial",
                "-out", name + ".pem", "-days", "30", "-extfile", name + ".ext");
    }

    /** {@code name}.p12 holding {@code name}.pem and its key, protected by {@code passphrase}. */
    public Path pkcs12(String name, String passphrase) {
        run("pkcs12", "-export", "-in", name + ".pem", "-inkey", name + ".key", "-out", name + ".p12",
                "-passout", "pass:" + passphrase);
        return file(name + ".p12");
    }

    public void write(String name, String content) {
        try {
            Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs openssl with {@code args} in the directory; its standard output, or an exception naming the failure. */
    public byte[] run(String... args) {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).start();
            process.getOutputStream().close();
            ByteArrayOutputStream errors = new ByteArrayOutputStream();
            Thread drain = new Thread(() -> copy(process.getErrorStream(), errors));
            drain.start();
            byte[] output = process.getInputStream().readAllBytes();
            drain.join(TimeUnit.SECONDS.toMillis(30));
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: "
                        + errors.toString(StandardCharsets.UTF_8));
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void copy(InputStream from, ByteArrayOutputStream to) {
        try {
            from.transferTo(to);
        } catch (IOException ignored) {
            // the exit code tells the failure
        }
    }
}
