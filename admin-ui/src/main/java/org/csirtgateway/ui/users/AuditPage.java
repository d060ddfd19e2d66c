package org.csirtgateway.ui.users;

import java.util.List;

import org.csirtgateway.ui.auth.AccountAudit;
import org.csirtgateway.ui.web.Chrome;
import org.csirtgateway.ui.web.Paging;

/** The account audit log: sign-ins and account changes, newest first. */
public record AuditPage(Chrome chrome, List<AccountAudit.Event> events, long total, Paging paging) {

    public AuditPage {
        events = List.copyOf(events);
    }

    /** The first and last entry shown (1-based), for "entries 1–50 of 120". */
    public long first() {
        return events.isEmpty() ? 0 : paging.offset() + 1L;
    }

    public long last() {
        return paging.offset() + (long) events.size();
    }

    public String previousHref() {
        return paging.offset() == 0 ? null : "/audit?offset=" + Math.max(0, paging.offset() - paging.limit());
    }

    public String nextHref() {
        long next = (long) paging.offset() + paging.limit();
        return next >= total || next > Paging.MAX_OFFSET ? null : "/audit?offset=" + next;
    }
}
