package org.csirtgateway.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Ticket tags in subjects: ours among other systems' tags, and legacy forms configured as name=regex. */
class LegacyTagPatternTest {

    private final TicketIds ids = new TicketIds("CSIRT#");

    @Test
    void everyOneOfOurTagsIsFoundAmongOtherSystemsTags() {
        assertThat(ids.findAllIn("Re: [OTRS#123] [CSIRT#2026-000007] AW: [CSIRT#2025-000001] x"))
                .containsExactly("CSIRT#2026-000007", "CSIRT#2025-000001");
        assertThat(ids.findAllIn("[XCSIRT#2026-000007] [CSIRT#2026-0000071234567890]")).isEmpty();
    }

    @Test
    void legacyTagsNameOurIdsOrAliases() {
        List<LegacyTagPattern> patterns = LegacyTagPattern.parseAll(
                "rt=\\[example\\.org #(?<id>\\d+)\\]\n  \nold=\\[IR (?<ticket>\\d{4}-\\d{6})\\]");
        assertThat(patterns).extracting(LegacyTagPattern::name).containsExactly("rt", "old");
        assertThat(patterns.get(0).findIn("Re: [example.org #1234] and [example.org #99]", ids))
                .containsExactly(new LegacyTagPattern.Reference(null, "rt:1234"),
                        new LegacyTagPattern.Reference(null, "rt:99"));
        assertThat(patterns.get(1).findIn("Re: [IR 2026-000007]", ids))
                .containsExactly(new LegacyTagPattern.Reference("CSIRT#2026-000007", null));
    }

    @Test
    void aBadEntryIsRefusedSayingWhatIsWrong() {
        assertThatThrownBy(() -> LegacyTagPattern.parseAll("\\[example #(?<id>\\d+)\\]"))
                .hasMessageContaining("must be name=regex");
        assertThatThrownBy(() -> LegacyTagPattern.parseAll("rt=\\[example #(\\d+)\\]"))
                .hasMessageContaining("needs a named group");
        assertThatThrownBy(() -> LegacyTagPattern.parseAll("rt=\\[example #(?<id>\\d+\\]"))
                .hasMessageContaining("is not a valid regex");
        assertThatThrownBy(() -> LegacyTagPattern.parseAll("R T=(?<id>\\d+)"))
                .hasMessageContaining("the name 'r t'");
    }
}
