package org.csirtgateway.fetch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import org.csirtgateway.retry.RetryPolicy;

/**
 * One mailbox the gateway takes reports from.
 *
 * @param channel            the name shown on its tickets, e.g. "csirt"
 * @param security           "imaps" (TLS from the start), "starttls" (required), or "plain" (only when explicitly
 *                           allowed)
 * @param password           never logged
 * @param pollInterval       time between polls; with IDLE, the longest wait before a safety poll
 * @param processedFolder    where a kept message is moved; empty: it is flagged \Seen and left in place
 * @param trustStore         CA certificates to trust instead of the JVM's (a private CA); empty: the JVM's
 * @param trustStorePassword never logged
 * @param idle               wait with IDLE when the server offers it
 * @param reconnect          how soon to connect again while the server cannot be reached ({@code imap.retry.*})
 */
public record ImapSettings(
        String channel,
        String host,
        int port,
        String security,
        String user,
        String password,
        String folder,
        Duration pollInterval,
        Optional<String> processedFolder,
        Optional<Path> trustStore,
        String trustStorePassword,
        boolean idle,
        RetryPolicy reconnect) {

    public ImapSettings {
        Objects.requireNonNull(reconnect, "reconnect");
    }

    /** With the default reconnection backoff ({@link RetryPolicy#IMAP_RECONNECT_DEFAULT}). */
    public ImapSettings(String channel, String host, int port, String security, String user, String password,
                        String folder, Duration pollInterval, Optional<String> processedFolder,
                        Optional<Path> trustStore, String trustStorePassword, boolean idle) {
        this(channel, host, port, security, user, password, folder, pollInterval, processedFolder, trustStore,
                trustStorePassword, idle, RetryPolicy.IMAP_RECONNECT_DEFAULT);
    }

    @Override
    public String toString() {
        return "ImapSettings[channel=" + channel + ", host=" + host + ", port=" + port + ", security=" + security
                + ", user=" + user + ", password=***, folder=" + folder + ", pollInterval=" + pollInterval
                + ", processedFolder=" + processedFolder.orElse("(none: flag \\Seen)") + ", trustStore="
                + trustStore.map(Path::toString).orElse("(JVM default)") + ", idle=" + idle + ", reconnect=" + reconnect
                + "]";
    }
}
