package org.csirtgateway.archive;

/** A message's place in the archive: its SHA-256 (hex) and its size in bytes. */
public record ArchivedMessage(String sha256, long sizeBytes) {
}
