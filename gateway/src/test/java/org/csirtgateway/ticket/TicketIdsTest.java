package org.csirtgateway.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Ticket IDs and the subject tags that thread replies. Subjects often carry other ticket systems' tags as well (the
 * reporter's own tracker, another CSIRT's); only ours may be taken for a ticket of ours.
 */
class TicketIdsTest {

    private final TicketIds ids = new TicketIds("CSIRT#");

    @Test
    void idsCarryThePrefixTheYearAndASixDigitNumber() {
        assertThat(ids.format(2026, 7)).isEqualTo("CSIRT#2026-000007");
        assertThat(ids.format(2027, 123_456)).isEqualTo("CSIRT#2027-123456");
        assertThat(ids.format(2027, 1_234_567)).isEqualTo("CSIRT#2027-1234567");
        assertThat(ids.tag("CSIRT#2026-000007")).isEqualTo("[CSIRT#2026-000007]");
    }

    @Test
    void tagIsFoundBetweenOtherSystemsTags() {
        assertThat(ids.findIn("Re: [OTRS#123] [CSIRT#2026-000007] foo")).hasValue("CSIRT#2026-000007");
        assertThat(ids.findIn("AW: WG: [Ticket#2026030310000001] Re: [CSIRT#2026-000042] Phishing"))
                .hasValue("CSIRT#2026-000042");
        assertThat(ids.findIn("[CSIRT#2026-000007] Received: Phishing")).hasValue("CSIRT#2026-000007");
        assertThat(ids.findIn("Re:[CSIRT#2026-1234567]")).hasValue("CSIRT#2026-1234567");
    }

    @Test
    void anotherTeamsTagEndingInOurPrefixIsNotOurs() {
        assertThat(ids.findIn("Re: [JP-CSIRT#2026-000001] [CSIRT#2026-000007] foo")).hasValue("CSIRT#2026-000007");
        assertThat(ids.findIn("Re: [XCSIRT#2026-000001] scan report")).isEmpty();
    }

    @Test
    void subjectsWithoutOurTagFindNothing() {
        assertThat(ids.findIn("Phishing site imitating our bank")).isEmpty();
        assertThat(ids.findIn("CSIRT# 2026-000007")).isEmpty();
        assertThat(ids.findIn("[CSIRT#26-000007]")).isEmpty();
        assertThat(ids.findIn("[CSIRT#2026-00007]")).as("too few digits").isEmpty();
        assertThat(ids.findIn("[CSIRT#2026-0000000001]")).as("too many digits to be one of ours").isEmpty();
        assertThat(ids.findIn(null)).isEmpty();
    }

    @Test
    void prefixWithRegexCharactersIsTakenLiterally() {
        TicketIds dotted = new TicketIds("IR.");

        assertThat(dotted.findIn("Re: [IR.2026-000003]")).hasValue("IR.2026-000003");
        assertThat(dotted.findIn("Re: [IRX2026-000003]")).isEmpty();
    }

    @Test
    void prefixesThatCouldBreakSubjectsOrPatternsAreRefused() {
        for (String prefix : new String[] {"", " ", "CSIRT #", "[CSIRT]", "CS*", "A".repeat(21), "チケット"}) {
            assertThatThrownBy(() -> new TicketIds(prefix)).as("prefix '%s'", prefix)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> new TicketIds(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void idsAreWrittenAsTheFormatStringWroteThem() {
        TicketIds ids = new TicketIds("CSIRT#");
        for (int year : new int[] {0, 7, 999, 2026, 12345}) {
            for (long number : new long[] {0, 1, 123, 999_999, 1_000_000, 123_456_789, Long.MAX_VALUE, -5}) {
                org.assertj.core.api.Assertions.assertThat(ids.format(year, number))
                        .isEqualTo(String.format("%s%04d-%06d", "CSIRT#", year, number));
            }
        }
    }
}
