package org.csirtgateway.ack;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;

/**
 * Which failures refuse a mail for good and which are an outage, as the SMTP client reports them (the exceptions
 * Angus Mail throws for each server reply). A permanent refusal mistaken for an outage would be retried for hours;
 * an outage mistaken for a refusal would lose the acknowledgement.
 */
class SmtpRefusalTest {

    private static final InternetAddress REPORTER = address("rita@reporter.example");

    @Test
    void aRecipientRefusedWith5xxIsRefusedForGoodWithTheServersReply() {
        SMTPAddressFailedException rcpt = new SMTPAddressFailedException(REPORTER, "RCPT TO:<rita@reporter.example>",
                550, "550 5.1.1 <rita@reporter.example>: Recipient address rejected: User unknown");
        SendFailedException thrown = new SendFailedException("Invalid Addresses", rcpt, new Address[0],
                new Address[0], new Address[] {REPORTER});

        assertThat(SmtpRefusal.permanent(thrown)).hasValue("Refused by the SMTP server at RCPT: 550 5.1.1 "
                + "<rita@reporter.example>: Recipient address rejected: User unknown");
    }

    @Test
    void contentRefusedAtTheEndOfDataAndAMessageTooLargeAreRefusedForGood() {
        assertThat(SmtpRefusal.permanent(send(".", 554, "554 5.7.1 Message rejected as spam"))).isPresent();
        assertThat(SmtpRefusal.permanent(send("MAIL FROM:<csirt@example.org> SIZE=90000000", 552,
                "552 5.3.4 Message size exceeds fixed limit"))).hasValueSatisfying(reason ->
                assertThat(reason).startsWith("Refused by the SMTP server at MAIL: 552"));
    }

    @Test
    void aRecipientAddressNoServerCanTakeIsRefusedForGood() {
        assertThat(SmtpRefusal.permanent(new AddressException("Local address contains control or whitespace",
                "john doe@example.com"))).hasValueSatisfying(reason ->
                assertThat(reason).startsWith("The recipient address cannot be used:"));
    }

    @Test
    void temporaryRepliesConnectionFailuresAndARefusedSenderAreRetried() {
        assertThat(SmtpRefusal.permanent(new SendFailedException("Invalid Addresses",
                new SMTPAddressFailedException(REPORTER, "RCPT TO:<rita@reporter.example>", 450,
                        "450 4.2.0 Mailbox busy")))).isEmpty();
        assertThat(SmtpRefusal.permanent(send(".", 451, "451 4.3.0 Local error in processing"))).isEmpty();
        assertThat(SmtpRefusal.permanent(new MessagingException("Could not connect to SMTP host",
                new java.net.ConnectException("Connection refused")))).isEmpty();
        assertThat(SmtpRefusal.permanent(new IllegalStateException("Not connected"))).isEmpty();
        // Our own sender refused: a configuration error every mail would hit; the operator fixes it, mail waits.
        assertThat(SmtpRefusal.permanent(send("MAIL FROM:<csirt@example.org>", 553,
                "553 5.7.1 Sender address rejected: not owned by user"))).isEmpty();
    }

    @Test
    void aFailureIsDescribedByTheServersReplyInOneLine() {
        assertThat(SmtpRefusal.describe(send(".", 451, "451 4.3.0 Local error\r\n in processing")))
                .isEqualTo("451 4.3.0 Local error in processing");
    }

    private static SMTPSendFailedException send(String command, int code, String reply) {
        return new SMTPSendFailedException(command, code, reply, null, new Address[0], new Address[0],
                new Address[0]);
    }

    private static InternetAddress address(String text) {
        try {
            return new InternetAddress(text, true);
        } catch (AddressException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
