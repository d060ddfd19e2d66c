package org.csirtgateway.triage;

import java.util.List;

import org.csirtgateway.parse.ParsedReport;

/**
 * Where triage gets a report's indicators from: in the gateway, {@link ExtractedIndicatorSource} (the parser's).
 */
@FunctionalInterface
public interface IndicatorSource {

    /** The distinct indicators of one report, in order of first appearance. */
    List<Indicator> indicatorsOf(ParsedReport report);
}
