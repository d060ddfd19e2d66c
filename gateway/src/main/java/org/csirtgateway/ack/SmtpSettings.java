package org.csirtgateway.ack;

/**
 * How to reach the SMTP server that sends our mail.
 *
 * @param security "smtps" (TLS from the start), "starttls" (required) or "plain" (only when explicitly allowed)
 * @param user     login, or blank for none
 * @param password never logged
 */
public record SmtpSettings(String host, int port, String security, String user, String password) {

    @Override
    public String toString() {
        return "SmtpSettings[host=" + host + ", port=" + port + ", security=" + security + ", user=" + user
                + ", password=" + (password == null || password.isEmpty() ? "(none)" : "***") + "]";
    }
}
