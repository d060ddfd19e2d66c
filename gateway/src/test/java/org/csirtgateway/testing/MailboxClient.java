package org.csirtgateway.testing;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeMessage;

/** Looks into a test IMAP mailbox the way a person's mail client would: folders, messages, flags, UIDVALIDITY. */
public final class MailboxClient implements AutoCloseable {

    private final Session session;
    private final Store store;

    public MailboxClient(Properties properties, String protocol, int port, String user, String password) {
        this.session = Session.getInstance(properties);
        try {
            this.store = session.getStore(protocol);
            store.connect("127.0.0.1", port, user, password);
        } catch (MessagingException e) {
            throw new IllegalStateException("Cannot open the test mailbox: " + e.getMessage(), e);
        }
    }

    /** Plain IMAP on loopback (GreenMail). */
    public static MailboxClient plain(int port, String user, String password) {
        return new MailboxClient(new Properties(), "imap", port, user, password);
    }

    /** Messages in {@code folder}, or -1 when the folder does not exist. */
    public int count(String folder) {
        try {
            Folder f = store.getFolder(folder);
            if (!f.exists()) {
                return -1;
            }
            f.open(Folder.READ_ONLY);
            try {
                return f.getMessageCount();
            } finally {
                f.close(false);
            }
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How many messages in {@code folder} carry \Seen. */
    public int seen(String folder) {
        try {
            Folder f = store.getFolder(folder);
            f.open(Folder.READ_ONLY);
            try {
                int seen = 0;
                for (Message message : f.getMessages()) {
                    if (message.isSet(Flags.Flag.SEEN)) {
                        seen++;
                    }
                }
                return seen;
            } finally {
                f.close(false);
            }
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    public long uidValidity(String folder) {
        try {
            Folder f = store.getFolder(folder);
            f.open(Folder.READ_ONLY);
            try {
                return ((UIDFolder) f).getUIDValidity();
            } finally {
                f.close(false);
            }
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Creates {@code folder} if needed and appends raw messages to it. */
    public void append(String folder, List<byte[]> rawMessages) {
        try {
            Folder f = store.getFolder(folder);
            if (!f.exists()) {
                f.create(Folder.HOLDS_MESSAGES);
            }
            List<Message> messages = new ArrayList<>();
            for (byte[] raw : rawMessages) {
                messages.add(new MimeMessage(session, new ByteArrayInputStream(raw)));
            }
            f.appendMessages(messages.toArray(Message[]::new));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deletes {@code folder} with everything in it; created again, it gets a new UIDVALIDITY. */
    public void delete(String folder) {
        try {
            store.getFolder(folder).delete(true);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            store.close();
        } catch (MessagingException ignored) {
            // Test cleanup.
        }
    }
}
