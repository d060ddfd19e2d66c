package org.csirtgateway.ui.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random tokens, their SHA-256 for storage, and constant-time comparison. Holds no state besides the RNG. */
final class Secrets {

    private final SecureRandom random;

    Secrets(SecureRandom random) {
        this.random = random;
    }

    /** {@code bytes} random bytes as URL-safe Base64 without padding (cookie-, header- and URL-safe). */
    String token(int bytes) {
        byte[] raw = new byte[bytes];
        random.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    byte[] bytes(int count) {
        byte[] raw = new byte[count];
        random.nextBytes(raw);
        return raw;
    }

    /** Lower-case hex SHA-256 of the token's UTF-8 bytes: what the database keeps instead of the token. */
    static String sha256(String token) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Compares in time independent of where the strings differ; null equals nothing. */
    static boolean sameToken(String expected, String actual) {
        if (expected == null || actual == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
    }
}
