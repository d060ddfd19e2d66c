package org.csirtgateway.ui.keys;

import java.util.List;

import org.csirtgateway.crypto.ReporterKeys;
import org.csirtgateway.ui.web.Chrome;

/**
 * The keys page: the team's keys, the reporters' keys, and what the last action did.
 *
 * @param notice    the result of the last action, or null
 * @param error     why the last action failed, or null
 */
public record KeysPage(Chrome chrome, List<TeamKey> teamKeys, List<ReporterKeys.KeyRow> reporterKeys,
                       String notice, String error) {

    /** Whether the import form and the trust buttons are shown: to those the route table lets change keys. */
    public boolean canChange() {
        return chrome.can("POST /keys/import");
    }

    /** One team key as shown: fingerprint in groups of four, user IDs, and whether it signs outgoing mail. */
    public record TeamKey(String fingerprint, List<String> userIds, boolean signs) {
    }
}
