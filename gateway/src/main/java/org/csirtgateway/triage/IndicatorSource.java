package org.csirtgateway.triage;

import java.util.List;

import org.csirtgateway.parse.ParsedReport;

/**
 * Where triage gets a report's indicators from. Today {@link TextIndicatorScan}; the indicator extractor of issue 4
 * (gateway/parse) replaces it when the branches are merged, by implementing this one method.
 */
@FunctionalInterface
public interface IndicatorSource {

    /** The distinct indicators of one report, in order of first appearance. */
    List<Indicator> indicatorsOf(ParsedReport report);
}
