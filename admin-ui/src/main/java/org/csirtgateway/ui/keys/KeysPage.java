package org.csirtgateway.ui.keys;

import java.util.List;

import org.csirtgateway.crypto.ReporterKeys;
import org.csirtgateway.ui.web.Chrome;

/**
 * The keys page: the team's keys, the reporters' keys, and what the last action did.
 *
 * @param canChange whether the user may import keys and mark them trusted (not read-only users)
 * @param notice    the result of the last action, or null
 * @param error     why the last action failed, or null
 */
public record KeysPage(Chrome chrome, List<TeamKey> teamKeys, List<ReporterKeys.KeyRow> reporterKeys,
                       boolean canChange, String notice, String error) {

    /** One team key as shown: fingerprint in groups of four, user IDs, and whether it signs outgoing mail. */
    public record TeamKey(String fingerprint, List<String> userIds, boolean signs) {
    }
}
