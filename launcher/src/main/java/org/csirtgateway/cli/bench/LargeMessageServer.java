package org.csirtgateway.cli.bench;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * GreenMail in a process of its own, holding one message, for the benchmark's large-attachment check: GreenMail
 * answers each partial FETCH of a message by writing the whole message into a fresh byte array, so in the gateway's
 * JVM it would add hundreds of megabytes of its own garbage to the heap being measured. Arguments: mailbox address,
 * password, file of the message (deleted once delivered). Prints {@code READY <imap port> <smtp port>}, then serves
 * until its standard input closes.
 */
public final class LargeMessageServer {

    private LargeMessageServer() {
    }

    public static void main(String[] args) throws Exception {
        GreenMail server = new GreenMail(new ServerSetup[] {
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort(),
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort()});
        server.start();
        try {
            GreenMailUser mailbox = server.setUser(args[0], args[0], args[1]);
            java.nio.file.Path file = java.nio.file.Path.of(args[2]);
            try (InputStream in = new java.io.BufferedInputStream(java.nio.file.Files.newInputStream(file))) {
                mailbox.deliver(new MimeMessage(Session.getInstance(new Properties()), in));
            }
            java.nio.file.Files.deleteIfExists(file);
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
