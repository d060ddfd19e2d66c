package org.csirtgateway.ack;

import java.util.Objects;

import org.csirtgateway.retry.RetryPolicy;

/**
 * How to reach the SMTP server that sends our mail, and how a mail it did not take is retried.
 *
 * @param security "smtps" (TLS from the start), "starttls" (required) or "plain" (only when explicitly allowed)
 * @param user     login, or blank for none
 * @param password never logged
 * @param retry    when a mail the server did not take (unreachable, 4xx) is tried again, and after how many failures
 *                 it is marked failed ({@code smtp.maxAttempts}, {@code smtp.retry.*})
 */
public record SmtpSettings(String host, int port, String security, String user, String password, RetryPolicy retry) {

    public SmtpSettings {
        Objects.requireNonNull(retry, "retry");
    }

    /** With the default retries ({@link RetryPolicy#OUTBOX_DEFAULT}). */
    public SmtpSettings(String host, int port, String security, String user, String password) {
        this(host, port, security, user, password, RetryPolicy.OUTBOX_DEFAULT);
    }

    @Override
    public String toString() {
        return "SmtpSettings[host=" + host + ", port=" + port + ", security=" + security + ", user=" + user
                + ", password=" + (password == null || password.isEmpty() ? "(none)" : "***") + ", retry=" + retry
                + "]";
    }
}
