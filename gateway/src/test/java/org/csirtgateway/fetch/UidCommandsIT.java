package org.csirtgateway.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import org.csirtgateway.testing.MailboxClient;
import org.csirtgateway.testing.Mails;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The poller's commands by UID against a real IMAP server (GreenMail): exactly the messages named are fetched,
 * moved (with MOVE, or with COPY + \Deleted + EXPUNGE for servers without MOVE) or flagged.
 */
class UidCommandsIT {

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));

    private static final String USER = "csirt@team.example";

    private Store store;
    private IMAPFolder inbox;

    @BeforeEach
    void fiveMessagesInTheInbox() throws Exception {
        MAIL.setUser(USER, USER, "secret");
        List<byte[]> reports = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            reports.add(Mails.raw("reporter@isp.example", USER, "Report " + i, "Details " + i,
                    "uid-" + i + "@isp.example"));
        }
        try (MailboxClient client = MailboxClient.plain(MAIL.getImap().getPort(), USER, "secret")) {
            client.append("INBOX", reports);
        }
        store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", MAIL.getImap().getPort(), USER, "secret");
        inbox = (IMAPFolder) store.getFolder("INBOX");
        inbox.open(Folder.READ_WRITE);
        store.getFolder("Processed").create(Folder.HOLDS_MESSAGES);
    }

    @AfterEach
    void close() throws Exception {
        store.close();
    }

    @Test
    void bodiesAreTheExactBytesOfTheNamedMessagesByUidAndLeaveThemUnseen() throws Exception {
        long[] uids = uidsOf(2, 5);

        java.util.Map<Long, byte[]> bodies = UidCommands.bodies(inbox, uids);

        assertThat(bodies).containsOnlyKeys(uids[0], uids[1]);
        assertThat(new String(bodies.get(uids[0]), java.nio.charset.StandardCharsets.US_ASCII))
                .contains("Subject: Report 2").contains("uid-2@isp.example").contains("Details 2");
        assertThat(new String(bodies.get(uids[1]), java.nio.charset.StandardCharsets.US_ASCII))
                .contains("Subject: Report 5");
        try (MailboxClient client = MailboxClient.plain(MAIL.getImap().getPort(), USER, "secret")) {
            assertThat(client.seen("INBOX")).isZero();
        }
    }

    @Test
    void moveTakesExactlyTheNamedMessagesToTheProcessedFolder() throws Exception {
        UidCommands.move(inbox, uidsOf(2, 3, 5), "Processed");

        assertThat(subjectsIn("INBOX")).containsExactly("Report 1", "Report 4");
        assertThat(subjectsIn("Processed")).containsExactlyInAnyOrder("Report 2", "Report 3", "Report 5");
        List<String> stillListed = new ArrayList<>();
        for (Message message : inbox.getMessagesByUID(1, jakarta.mail.UIDFolder.MAXUID)) {
            if (message != null && !message.isExpunged()) {
                stillListed.add(message.getSubject());
            }
        }
        assertThat(stillListed).as("the session itself no longer lists the moved messages")
                .containsExactly("Report 1", "Report 4");
    }

    @Test
    void copyAndDeleteWithUidplusRemovesOnlyTheNamedMessages() throws Exception {
        inbox.getMessage(1).setFlag(Flags.Flag.DELETED, true); // flagged by another client: not ours to expunge

        UidCommands.copyAndDelete(inbox, uidsOf(2, 4), "Processed", true);

        assertThat(subjectsIn("INBOX")).containsExactly("Report 1", "Report 3", "Report 5");
        assertThat(subjectsIn("Processed")).containsExactlyInAnyOrder("Report 2", "Report 4");
    }

    @Test
    void copyAndDeleteWithoutUidplusExpungesTheFolder() throws Exception {
        UidCommands.copyAndDelete(inbox, uidsOf(1, 2, 3), "Processed", false);

        assertThat(subjectsIn("INBOX")).containsExactly("Report 4", "Report 5");
        assertThat(subjectsIn("Processed")).containsExactlyInAnyOrder("Report 1", "Report 2", "Report 3");
    }

    @Test
    void markSeenFlagsExactlyTheNamedMessages() throws Exception {
        UidCommands.markSeen(inbox, uidsOf(1, 4));

        try (MailboxClient client = MailboxClient.plain(MAIL.getImap().getPort(), USER, "secret")) {
            assertThat(client.seen("INBOX")).isEqualTo(2);
        }
        assertThat(inbox.getMessage(1).isSet(Flags.Flag.SEEN)).isTrue();
        assertThat(inbox.getMessage(4).isSet(Flags.Flag.SEEN)).isTrue();
        assertThat(inbox.getMessage(2).isSet(Flags.Flag.SEEN)).isFalse();
    }

    /** The UIDs of the messages with these subjects' numbers ("Report n"). */
    private long[] uidsOf(int... numbers) throws Exception {
        long[] uids = new long[numbers.length];
        for (int i = 0; i < numbers.length; i++) {
            for (Message message : inbox.getMessages()) {
                if (message.getSubject().equals("Report " + numbers[i])) {
                    uids[i] = inbox.getUID(message);
                }
            }
        }
        return uids;
    }

    private List<String> subjectsIn(String name) throws Exception {
        try (Store other = Session.getInstance(new Properties()).getStore("imap")) {
            other.connect("127.0.0.1", MAIL.getImap().getPort(), USER, "secret");
            Folder folder = other.getFolder(name);
            folder.open(Folder.READ_ONLY);
            List<String> subjects = new ArrayList<>();
            for (Message message : folder.getMessages()) {
                subjects.add(message.getSubject());
            }
            folder.close(false);
            return subjects;
        }
    }
}
