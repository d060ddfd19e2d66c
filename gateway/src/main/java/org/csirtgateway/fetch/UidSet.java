package org.csirtgateway.fetch;

import java.util.Arrays;

/** An IMAP UID set (RFC 3501 sequence-set) of given UIDs, runs as ranges: 1,2,3,7,9,10 is {@code 1:3,7,9:10}. */
final class UidSet {

    private UidSet() {
    }

    /** The set of {@code uids} (any order, repeats allowed; at least one). */
    static String of(long[] uids) {
        if (uids.length == 0) {
            throw new IllegalArgumentException("an IMAP UID set needs at least one UID");
        }
        long[] sorted = uids.clone();
        Arrays.sort(sorted);
        StringBuilder set = new StringBuilder();
        for (int i = 0; i < sorted.length; ) {
            int j = i;
            while (j + 1 < sorted.length && sorted[j + 1] <= sorted[j] + 1) {
                j++;
            }
            set.append(set.length() == 0 ? "" : ",").append(sorted[i]);
            if (sorted[j] != sorted[i]) {
                set.append(':').append(sorted[j]);
            }
            i = j + 1;
        }
        return set.toString();
    }
}
