package org.csirtgateway.fetch;

import java.time.Duration;

/**
 * One mailbox the gateway takes reports from.
 *
 * @param channel  the name shown on its tickets, e.g. "csirt"
 * @param security "imaps" (TLS from the start), "starttls" (required), or "plain" (only when explicitly allowed)
 * @param password never logged
 */
public record ImapSettings(
        String channel,
        String host,
        int port,
        String security,
        String user,
        String password,
        String folder,
        Duration pollInterval) {

    @Override
    public String toString() {
        return "ImapSettings[channel=" + channel + ", host=" + host + ", port=" + port + ", security=" + security
                + ", user=" + user + ", password=***, folder=" + folder + ", pollInterval=" + pollInterval + "]";
    }
}
