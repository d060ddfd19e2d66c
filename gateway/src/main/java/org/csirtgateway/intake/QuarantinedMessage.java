package org.csirtgateway.intake;

import java.time.Instant;

/**
 * A message that was kept but could not be ticketed, as analysts see it. Carries no report content: only where it
 * came from and why it is held.
 *
 * @param reason the readable reason recorded when it was quarantined
 */
public record QuarantinedMessage(long id, String channel, String source, Instant fetchedAt, String reason,
                                 String sha256, long sizeBytes) {
}
