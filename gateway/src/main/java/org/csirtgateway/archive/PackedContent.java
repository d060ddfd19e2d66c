package org.csirtgateway.archive;

/** Where one stored content is: {@code sizeBytes} bytes from {@code startByte} of a pack file (relative path). */
public record PackedContent(String sha256, String pack, long startByte, long sizeBytes) {
}
