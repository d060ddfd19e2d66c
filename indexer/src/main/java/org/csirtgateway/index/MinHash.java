package org.csirtgateway.index;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * MinHash signatures of a text's word shingles, and their locality-sensitive hashing (LSH) bands.
 *
 * <p>A text becomes the set of its {@value #SHINGLE_WORDS}-word shingles ({@link ReportText#words}); for each of
 * {@value #HASHES} seeded hash functions the signature keeps the smallest hash over the set. The share of equal
 * positions in two signatures estimates the Jaccard similarity of the two sets. The signature is cut into
 * {@value #BANDS} bands of {@value #ROWS} rows; two texts sharing any whole band are candidates, which happens with
 * probability 1 - (1 - J^4)^16: 0.5 % at J = 0.2, 63 % at J = 0.5, 99.6 % at J = 0.8.
 */
final class MinHash {

    static final int SHINGLE_WORDS = 3;
    static final int HASHES = 64;
    static final int ROWS = 4;
    static final int BANDS = HASHES / ROWS;

    private static final long[] SEEDS = new long[HASHES];

    static {
        long x = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < HASHES; i++) {
            x = mix(x + 0x632BE59BD9B4E019L * (i + 1));
            SEEDS[i] = x;
        }
    }

    private MinHash() {
    }

    /** The signature of normalised text; null when the text has no words. */
    static Signature of(String normalised) {
        return ofWords(ReportText.words(normalised));
    }

    /** The signature of normalised text given as its {@link ReportText#words}; null when there are none. */
    static Signature ofWords(List<String> words) {
        if (words.isEmpty()) {
            return null;
        }
        long[] wordHashes = new long[words.size()];
        for (int w = 0; w < wordHashes.length; w++) {
            wordHashes[w] = fnv(words.get(w)); // each word is in up to SHINGLE_WORDS shingles: hashed once
        }
        int shingles = Math.max(1, words.size() - SHINGLE_WORDS + 1);
        long[] shingleHashes = new long[shingles];
        for (int s = 0; s < shingles; s++) {
            long h = 1125899906842597L;
            for (int w = s; w < Math.min(words.size(), s + SHINGLE_WORDS); w++) {
                h = 31 * h + wordHashes[w];
            }
            shingleHashes[s] = h;
        }
        // The signature is the minimum over the SET of shingles: a shingle seen again (log lines repeat most of
        // theirs) changes nothing, so each distinct one is hashed once.
        long[] mins = new long[HASHES];
        Arrays.fill(mins, Integer.MAX_VALUE);
        long[] hashed = new long[HASHES];
        long[] seen = new long[Integer.highestOneBit(Math.max(1, shingles)) << 2]; // open addressing, 0 = free
        int mask = seen.length - 1;
        boolean zeroSeen = false;
        for (int s = 0; s < shingles; s++) {
            long h = shingleHashes[s];
            if (h == 0) {
                if (zeroSeen) {
                    continue;
                }
                zeroSeen = true;
            } else {
                int slot = (int) mix(h) & mask;
                while (seen[slot] != 0 && seen[slot] != h) {
                    slot = (slot + 1) & mask;
                }
                if (seen[slot] == h) {
                    continue;
                }
                seen[slot] = h;
            }
            // Two plain loops over the seeds instead of one with a branch: the JIT compiles them to vector code.
            for (int i = 0; i < HASHES; i++) {
                hashed[i] = mix(h ^ SEEDS[i]) >>> 33;
            }
            for (int i = 0; i < HASHES; i++) {
                mins[i] = Math.min(mins[i], hashed[i]);
            }
        }
        int[] values = new int[HASHES];
        for (int i = 0; i < HASHES; i++) {
            values[i] = (int) mins[i]; // 31-bit values: the same order as longs and as ints
        }
        return new Signature(values);
    }

    /** FNV-1a over the word's UTF-8 bytes (ASCII words, nearly all, hashed from their characters directly). */
    private static long fnv(String word) {
        long h = 0xcbf29ce484222325L;
        int length = word.length();
        for (int i = 0; i < length; i++) {
            char c = word.charAt(i);
            if (c >= 0x80) {
                return fnvOfBytes(word);
            }
            h ^= c;
            h *= 0x100000001b3L;
        }
        return h;
    }

    private static long fnvOfBytes(String word) {
        long h = 0xcbf29ce484222325L;
        for (byte b : word.getBytes(StandardCharsets.UTF_8)) {
            h ^= b;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** SplitMix64's finaliser: a fast, well-mixing 64-bit hash. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A MinHash signature: {@value #HASHES} minimum hash values. */
    record Signature(int[] values) {

        /** Estimated Jaccard similarity of the two shingle sets, 0..1. */
        double similarity(Signature other) {
            int equal = 0;
            for (int i = 0; i < HASHES; i++) {
                if (values[i] == other.values[i]) {
                    equal++;
                }
            }
            return equal / (double) HASHES;
        }

        /** One term per band: "band number / hash of its rows", so equal bands at equal positions collide. */
        List<String> bandKeys() {
            List<String> keys = new ArrayList<>(BANDS);
            for (int b = 0; b < BANDS; b++) {
                long h = b;
                for (int r = 0; r < ROWS; r++) {
                    h = mix(h * 31 + values[b * ROWS + r]);
                }
                keys.add(Integer.toString(b, 36) + "/" + Long.toString(h & 0xFFFFFFFFFFFFL, 36));
            }
            return keys;
        }

        byte[] toBytes() {
            ByteBuffer buffer = ByteBuffer.allocate(HASHES * Integer.BYTES);
            for (int v : values) {
                buffer.putInt(v);
            }
            return buffer.array();
        }

        static Signature fromBytes(byte[] bytes, int offset, int length) {
            if (length != HASHES * Integer.BYTES) {
                return null;
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
            int[] values = new int[HASHES];
            for (int i = 0; i < HASHES; i++) {
                values[i] = buffer.getInt();
            }
            return new Signature(values);
        }
    }
}
