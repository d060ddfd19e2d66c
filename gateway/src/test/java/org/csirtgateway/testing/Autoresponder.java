package org.csirtgateway.testing;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import com.icegreen.greenmail.base.GreenMailOperations;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * A badly behaved peer: polls one address's mail on the test server and answers every message it finds with a plain
 * "I am away", from that same address, WITHOUT any Auto-Submitted or Precedence header - even when what it answers
 * is itself an auto-reply. {@code threaded} replies keep "Re: subject" and In-Reply-To as mail clients do; crude
 * ones start a fresh message each time.
 */
public final class Autoresponder implements AutoCloseable {

    private final GreenMailOperations mail;
    private final String address;
    private final String answerTo;
    private final boolean threaded;
    private final Set<String> answered = new HashSet<>();
    private final AtomicInteger replies = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;

    public Autoresponder(GreenMailOperations mail, String address, String answerTo, boolean threaded) {
        this.mail = mail;
        this.address = address;
        this.answerTo = answerTo;
        this.threaded = threaded;
        this.thread = new Thread(this::loop, "autoresponder-" + address);
        thread.setDaemon(true);
        thread.start();
    }

    /** How many "I am away" mails it has sent. */
    public int replies() {
        return replies.get();
    }

    private void loop() {
        while (running) {
            for (MimeMessage message : mail.getReceivedMessages()) {
                try {
                    if (!Arrays.toString(message.getAllRecipients()).contains(address)) {
                        continue;
                    }
                    String id = message.getMessageID();
                    if (id == null || !answered.add(id)) {
                        continue;
                    }
                    String subject = message.getSubject() == null ? "" : message.getSubject();
                    int n = replies.incrementAndGet();
                    if (threaded) {
                        Mails.send(mail.getSmtp().getPort(), address, answerTo, "Re: " + subject, "I am away",
                                "away-" + n + "@" + address.substring(address.indexOf('@') + 1),
                                Map.of("In-Reply-To", id, "References", id));
                    } else {
                        Mails.send(mail.getSmtp().getPort(), address, answerTo, "I am away", "I am away",
                                "away-" + n + "@" + address.substring(address.indexOf('@') + 1), Map.of());
                    }
                } catch (MessagingException e) {
                    // A message it cannot read is not answered.
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
