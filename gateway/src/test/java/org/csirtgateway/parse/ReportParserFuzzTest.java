package org.csirtgateway.parse;

import java.io.ByteArrayInputStream;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.csirtgateway.indicator.IndicatorExtractor;

/**
 * Fuzz target of the parse entry point: whatever bytes arrive, the parser returns a report or a
 * {@link ParseException} with a reason; any other exception or error is a finding. `mvn verify` runs it in regression
 * mode on the seeds in src/test/resources/org/csirtgateway/parse/ReportParserFuzzTestInputs/parsesAnyBytes;
 * {@code JAZZER_FUZZ=1 mvn test -Dtest=ReportParserFuzzTest -pl gateway} fuzzes (needs about 2.3 GB).
 */
class ReportParserFuzzTest {

    private final ReportParser parser = new ReportParser(IntakeLimits.SMALL,
            new IndicatorExtractor(java.util.List.of("csirt@example.org"), java.util.List.of("example.org")));

    @FuzzTest(maxDuration = "30s")
    void parsesAnyBytes(byte[] input) {
        try {
            ParsedReport report = parser.parse(new ByteArrayInputStream(input));
            report.searchableText();
        } catch (ParseException expected) {
            // a readable reason: the message is quarantined
        }
    }
}
