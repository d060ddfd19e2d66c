package org.csirtgateway.health;

import java.time.Instant;

/**
 * One mailbox's state.
 *
 * @param connected          whether the IMAP connection is up now
 * @param lastSuccessfulPoll null until the first poll succeeded
 * @param lastError          the last connection or poll error (no credentials in it), or null
 * @param backlog            messages of this channel kept but not yet ticketed (pending, including retries)
 * @param quarantined        messages of this channel kept but quarantined with a reason
 */
public record ChannelHealth(String name, boolean connected, Instant lastSuccessfulPoll, String lastError,
                            long backlog, long quarantined) {

    public ChannelHealth(String name, boolean connected, Instant lastSuccessfulPoll, String lastError) {
        this(name, connected, lastSuccessfulPoll, lastError, 0, 0);
    }

    public ChannelHealth withCounts(long backlog, long quarantined) {
        return new ChannelHealth(name, connected, lastSuccessfulPoll, lastError, backlog, quarantined);
    }
}
