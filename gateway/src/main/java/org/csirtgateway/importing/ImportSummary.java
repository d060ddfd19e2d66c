package org.csirtgateway.importing;

import java.util.List;

/**
 * What an import did.
 *
 * @param imported         messages kept and placed on a ticket (new, follow-up or duplicate-of-report)
 * @param duplicates       messages skipped because they were kept before (same source, or the same bytes)
 * @param quarantined      messages kept but quarantined, each with its reason
 * @param pending          messages kept but left pending (e.g. the database was busy): processed at the next start
 * @param skippedFiles     files not read, each with the reason
 */
public record ImportSummary(long imported, long duplicates, List<Quarantined> quarantined, long pending,
                            List<ImportPlan.Skipped> skippedFiles) {

    public ImportSummary {
        quarantined = List.copyOf(quarantined);
        skippedFiles = List.copyOf(skippedFiles);
    }

    /** A quarantined message: where it came from, its raw message id and the reason. */
    public record Quarantined(long rawId, String source, String reason) {
    }
}
