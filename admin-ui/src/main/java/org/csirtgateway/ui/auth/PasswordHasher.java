package org.csirtgateway.ui.auth;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes in the PHC string format, e.g. {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}
 * (Base64 without padding). The parameters travel with each hash, so they can be raised later without breaking
 * stored ones. Defaults follow the OWASP recommendation (19 MiB, 2 passes, 1 lane).
 */
public final class PasswordHasher {

    public static final int DEFAULT_MEMORY_KB = 19_456;
    public static final int DEFAULT_ITERATIONS = 2;
    public static final int DEFAULT_PARALLELISM = 1;

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    /** Bounds on parameters read back from the database, so a tampered hash cannot exhaust memory or CPU. */
    private static final int MAX_MEMORY_KB = 1 << 20;
    private static final int MAX_ITERATIONS = 20;
    private static final int MAX_PARALLELISM = 16;

    private final Secrets secrets;
    private final int memoryKb;
    private final int iterations;
    private final int parallelism;

    public PasswordHasher() {
        this(new SecureRandom(), DEFAULT_MEMORY_KB, DEFAULT_ITERATIONS, DEFAULT_PARALLELISM);
    }

    public PasswordHasher(SecureRandom random, int memoryKb, int iterations, int parallelism) {
        if (memoryKb < 8 * parallelism || memoryKb > MAX_MEMORY_KB || iterations < 1 || iterations > MAX_ITERATIONS
                || parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException("Argon2id parameters out of range: m=" + memoryKb + ", t="
                    + iterations + ", p=" + parallelism);
        }
        this.secrets = new Secrets(random);
        this.memoryKb = memoryKb;
        this.iterations = iterations;
        this.parallelism = parallelism;
    }

    /** A new encoded hash of {@code password} with a fresh random salt. */
    public String hash(char[] password) {
        byte[] salt = secrets.bytes(SALT_BYTES);
        byte[] hash = derive(password, salt, memoryKb, iterations, parallelism, HASH_BYTES);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "$argon2id$v=19$m=" + memoryKb + ",t=" + iterations + ",p=" + parallelism
                + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /** Whether {@code password} matches {@code encoded}; false (never an exception) for a malformed hash. */
    public boolean verify(char[] password, String encoded) {
        Parsed parsed = Parsed.of(encoded);
        if (parsed == null) {
            return false;
        }
        byte[] actual = derive(password, parsed.salt, parsed.memoryKb, parsed.iterations, parsed.parallelism,
                parsed.hash.length);
        return MessageDigest.isEqual(parsed.hash, actual);
    }

    private static byte[] derive(char[] password, byte[] salt, int memoryKb, int iterations, int parallelism,
                                 int length) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKb)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[length];
        generator.generateBytes(password, out);
        return out;
    }

    private record Parsed(int memoryKb, int iterations, int parallelism, byte[] salt, byte[] hash) {

        static Parsed of(String encoded) {
            if (encoded == null) {
                return null;
            }
            String[] parts = encoded.split("\\$", -1);
            if (parts.length != 6 || !parts[0].isEmpty() || !"argon2id".equals(parts[1]) || !"v=19".equals(parts[2])) {
                return null;
            }
            try {
                int m = -1;
                int t = -1;
                int p = -1;
                for (String parameter : parts[3].split(",")) {
                    String[] pair = parameter.split("=", 2);
                    int value = Integer.parseInt(pair[1]);
                    switch (pair[0]) {
                        case "m" -> m = value;
                        case "t" -> t = value;
                        case "p" -> p = value;
                        default -> {
                            return null;
                        }
                    }
                }
                byte[] salt = Base64.getDecoder().decode(parts[4]);
                byte[] hash = Base64.getDecoder().decode(parts[5]);
                boolean sane = p >= 1 && p <= MAX_PARALLELISM && m >= 8 * p && m <= MAX_MEMORY_KB
                        && t >= 1 && t <= MAX_ITERATIONS && salt.length >= 8 && hash.length >= 16 && hash.length <= 64;
                return sane ? new Parsed(m, t, p, salt, hash) : null;
            } catch (RuntimeException e) {
                return null;
            }
        }
    }
}
