package org.csirtgateway.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UidSetTest {

    @Test
    void runsOfConsecutiveUidsAreWrittenAsRanges() {
        assertThat(UidSet.of(new long[] {1, 2, 3, 7, 9, 10})).isEqualTo("1:3,7,9:10");
    }

    @Test
    void uidsInAnyOrderAndRepeatedAreWrittenOnceInOrder() {
        assertThat(UidSet.of(new long[] {10, 3, 9, 3, 1, 2})).isEqualTo("1:3,9:10");
    }

    @Test
    void aSingleUidIsItself() {
        assertThat(UidSet.of(new long[] {4294967295L})).isEqualTo("4294967295");
    }

    @Test
    void anEmptySetIsRefused() {
        assertThatThrownBy(() -> UidSet.of(new long[0])).hasMessageContaining("at least one UID");
    }
}
