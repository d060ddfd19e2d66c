package org.csirtgateway.fetch;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.iap.Argument;
import org.eclipse.angus.mail.iap.ByteArray;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.BASE64MailboxEncoder;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.UID;

/**
 * The poller's commands that name messages, all by UID: fetching their bytes, and telling the server what the gateway
 * kept. A command by message number acts on whatever the SERVER numbers
 * so, and a session whose numbers are out of step (GreenMail reports a MOVE's EXPUNGEs after the EXISTS of mail that
 * arrived meanwhile) would move mail the gateway never kept; a UID names one message for good. The untagged replies
 * (EXPUNGE, EXISTS) reach the folder as for its own commands.
 */
final class UidCommands {

    private UidCommands() {
    }

    /**
     * The exact bytes ({@code BODY.PEEK[]}, leaving \Seen alone) of the messages, by UID, in one {@code UID FETCH}.
     * The bodies are taken out of the replies before the folder sees them (it would cache them); its other untagged
     * replies (EXPUNGEs of the previous MOVE, which the server may report inside this very command) reach it.
     */
    static Map<Long, byte[]> bodies(IMAPFolder folder, long[] uids) throws MessagingException {
        Map<Long, byte[]> bodies = new HashMap<>();
        run(folder, "UID FETCH", new Argument().writeAtom(UidSet.of(uids)).writeAtom("(UID BODY.PEEK[])"),
                response -> {
                    if (!(response instanceof FetchResponse fetched) || fetched.getItem(BODY.class) == null
                            || fetched.getItem(UID.class) == null) {
                        return false;
                    }
                    ByteArray body = fetched.getItem(BODY.class).getByteArray();
                    if (body != null) {
                        bodies.put(fetched.getItem(UID.class).uid, body.getNewBytes());
                    }
                    return true;
                });
        return bodies;
    }

    /** {@code UID MOVE}: the messages into {@code mailbox} (RFC 6851). */
    static void move(IMAPFolder folder, long[] uids, String mailbox) throws MessagingException {
        run(folder, "UID MOVE", new Argument().writeAtom(UidSet.of(uids)).writeString(encoded(mailbox)));
    }

    /**
     * For servers without MOVE: {@code UID COPY} into {@code mailbox}, flag \Deleted, then {@code UID EXPUNGE} of just
     * these (UIDPLUS), or a plain EXPUNGE, which also removes whatever else another client flagged \Deleted.
     */
    static void copyAndDelete(IMAPFolder folder, long[] uids, String mailbox, boolean uidplus)
            throws MessagingException {
        String set = UidSet.of(uids);
        run(folder, "UID COPY", new Argument().writeAtom(set).writeString(encoded(mailbox)));
        run(folder, "UID STORE", new Argument().writeAtom(set).writeAtom("+FLAGS.SILENT").writeAtom("(\\Deleted)"));
        if (uidplus) {
            run(folder, "UID EXPUNGE", new Argument().writeAtom(set));
        } else {
            folder.expunge();
        }
    }

    /** Flags the messages \Seen (where the gateway may not move mail). */
    static void markSeen(IMAPFolder folder, long[] uids) throws MessagingException {
        run(folder, "UID STORE", new Argument().writeAtom(UidSet.of(uids)).writeAtom("+FLAGS.SILENT")
                .writeAtom("(\\Seen)"));
    }

    private static String encoded(String mailbox) {
        return BASE64MailboxEncoder.encode(mailbox);
    }

    private static void run(IMAPFolder folder, String command, Argument arguments) throws MessagingException {
        run(folder, command, arguments, response -> false);
    }

    /** Runs the command; the replies {@code taken} does not keep go to the folder, as for its own commands. */
    private static void run(IMAPFolder folder, String command, Argument arguments, Predicate<Response> taken)
            throws MessagingException {
        folder.doCommand(protocol -> {
            Response[] responses = protocol.command(command, arguments);
            Response[] others = Arrays.stream(responses).filter(response -> !taken.test(response))
                    .toArray(Response[]::new);
            protocol.notifyResponseHandlers(others);
            protocol.handleResult(responses[responses.length - 1]);
            return null;
        });
    }
}
