package org.csirtgateway.ui.quarantine;

import java.util.List;

import org.csirtgateway.intake.QuarantinedMessage;
import org.csirtgateway.ui.web.Chrome;
import org.csirtgateway.ui.web.Paging;

/**
 * The quarantine list.
 *
 * @param notice   the result of the last retry, or null
 */
public record QuarantinePage(Chrome chrome, List<QuarantinedMessage> rows, long total, Paging paging,
                             String notice) {

    public QuarantinePage {
        rows = List.copyOf(rows);
    }

    /** Whether the Retry buttons are shown: to those the route table lets retry. */
    public boolean mayRetry() {
        return chrome.can("POST /quarantine/{id}/retry");
    }

    public String rangeText() {
        if (total == 0 || rows.isEmpty()) {
            return chrome.texts().t("quarantine.range.none");
        }
        return chrome.texts().t("quarantine.range", paging.offset() + 1, paging.offset() + rows.size(), total);
    }

    public String previousHref() {
        return paging.offset() == 0 ? null
                : "/quarantine?offset=" + Math.max(0, paging.offset() - paging.limit());
    }

    public String nextHref() {
        long next = (long) paging.offset() + paging.limit();
        return next >= total || next > Paging.MAX_OFFSET ? null : "/quarantine?offset=" + next;
    }
}
