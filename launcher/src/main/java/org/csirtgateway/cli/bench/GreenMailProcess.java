package org.csirtgateway.cli.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * GreenMail (IMAP and SMTP on loopback) in a process of its own, for the benchmark: what it costs is then measured
 * apart from the gateway's JVM. GreenMail answers each partial FETCH of a message by writing the whole message into a
 * fresh byte array (in the gateway's JVM hundreds of megabytes of its garbage would be measured as the gateway's
 * heap), and it parses and keeps every acknowledgement it receives (CPU a production gateway's SMTP relay spends on
 * another machine).
 */
public final class GreenMailProcess implements AutoCloseable {

    private final Process process;
    private final int imapPort;
    private final int smtpPort;

    private GreenMailProcess(Process process, int imapPort, int smtpPort) {
        this.process = process;
        this.imapPort = imapPort;
        this.smtpPort = smtpPort;
    }

    /**
     * Starts the process with one mailbox; {@code message}, when given, is delivered into it first (and the file
     * deleted). Returns once the servers listen.
     */
    public static GreenMailProcess start(String mailbox, String password, Path message) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), GreenMailProcess.class.getName(),
                mailbox, password));
        if (message != null) {
            command.add(message.toString());
        }
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String ready = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        if (ready == null || !ready.startsWith("READY ")) {
            process.destroyForcibly();
            throw new IOException("GreenMail's process did not start (it said: " + ready + ")");
        }
        String[] ports = ready.split(" ");
        return new GreenMailProcess(process, Integer.parseInt(ports[1]), Integer.parseInt(ports[2]));
    }

    public int imapPort() {
        return imapPort;
    }

    public int smtpPort() {
        return smtpPort;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() throws IOException {
        process.getOutputStream().close();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Arguments: mailbox address, password, optionally a file of a message to deliver (deleted once delivered).
     * Prints {@code READY <imap port> <smtp port>}, then serves until its standard input closes.
     */
    public static void main(String[] args) throws Exception {
        GreenMail server = new GreenMail(new ServerSetup[] {
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort(),
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort()});
        server.start();
        try {
            GreenMailUser mailbox = server.setUser(args[0], args[0], args[1]);
            if (args.length > 2) {
                Path file = Path.of(args[2]);
                try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file))) {
                    mailbox.deliver(new MimeMessage(Session.getInstance(new Properties()), in));
                }
                Files.deleteIfExists(file);
            }
            System.out.println("READY " + server.getImap().getPort() + " " + server.getSmtp().getPort());
            System.out.flush();
            try (BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                while (stdin.readLine() != null) {
                    // serve until the benchmark closes our input (or ends)
                }
            }
        } finally {
            server.stop();
        }
    }
}
