package org.csirtgateway.ack;

import java.util.Locale;
import java.util.Optional;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * Tells a mail the SMTP server refused for good from a delivery that may work later (RFC 5321 section 4.2.1):
 * <ul>
 *   <li>permanent: a 5xx reply to the recipient (RCPT TO) or to the content (DATA or its end), a 552 (message too
 *       large) to MAIL FROM, or a recipient address no server could take. Sending it again cannot help;</li>
 *   <li>anything else is retried: 4xx replies, a connection that fails, and 5xx replies to MAIL FROM other than 552,
 *       which refuse our own sender address (a configuration error that every mail would hit, fixed by the operator,
 *       after which the waiting mail goes out).</li>
 * </ul>
 */
final class SmtpRefusal {

    private SmtpRefusal() {
    }

    /** The reason to record when {@code failure} refuses the mail for good, or empty when it may be retried. */
    static Optional<String> permanent(Exception failure) {
        for (Throwable cause = failure; cause != null; cause = next(cause)) {
            if (cause instanceof AddressException address) {
                return Optional.of("The recipient address cannot be used: " + address.getMessage());
            }
            if (cause instanceof SMTPAddressFailedException recipient && isPermanent(recipient.getReturnCode())) {
                return Optional.of(refusedBy(recipient.getCommand(), recipient.getMessage()));
            }
            if (cause instanceof SMTPSendFailedException send && isPermanent(send.getReturnCode())
                    && refusesTheMessage(send.getCommand(), send.getReturnCode())) {
                return Optional.of(refusedBy(send.getCommand(), send.getMessage()));
            }
        }
        return Optional.empty();
    }

    /** The failure in one line: the server's reply where there is one, never the mail's content. */
    static String describe(Exception failure) {
        for (Throwable cause = failure; cause != null; cause = next(cause)) {
            if (cause instanceof SMTPAddressFailedException || cause instanceof SMTPSendFailedException) {
                return oneLine(cause.getMessage());
            }
        }
        return oneLine(failure.getClass().getSimpleName() + ": " + failure.getMessage());
    }

    private static boolean isPermanent(int code) {
        return code >= 500 && code <= 599;
    }

    /** 5xx to RCPT, DATA or the end of DATA refuse this mail; to MAIL FROM, only 552 (too large) does. */
    private static boolean refusesTheMessage(String command, int code) {
        String verb = command == null ? "" : command.strip().toUpperCase(Locale.ROOT);
        if (verb.startsWith("MAIL")) {
            return code == 552;
        }
        return verb.startsWith("RCPT") || verb.startsWith("DATA") || verb.equals(".");
    }

    private static String refusedBy(String command, String reply) {
        String verb = command == null ? "" : command.strip();
        int space = verb.indexOf(' ');
        verb = space > 0 ? verb.substring(0, space) : verb;
        return "Refused by the SMTP server" + (verb.isEmpty() ? "" : " at " + verb.toUpperCase(Locale.ROOT))
                + ": " + oneLine(reply);
    }

    private static Throwable next(Throwable cause) {
        if (cause instanceof MessagingException messaging && messaging.getNextException() != null
                && messaging.getNextException() != cause) {
            return messaging.getNextException();
        }
        return cause.getCause() == cause ? null : cause.getCause();
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s*[\\r\\n]+\\s*", " ").replace('\t', ' ').strip();
    }
}
