package org.csirtgateway.health;

import java.time.Instant;

/**
 * One mailbox's connection state.
 *
 * @param lastSuccessfulPoll null until the first poll succeeded
 * @param lastError          the last connection or poll error (no credentials in it), or null
 */
public record ChannelHealth(String name, boolean connected, Instant lastSuccessfulPoll, String lastError) {
}
